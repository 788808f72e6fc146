"""missing-file: partnership.yaml, toc.yaml, obpf.yaml or crest.yaml is missing.

Every partnership has these four files: without them no reference to an organisation,
activity, indicator or recommendation can be checked, and no ToR or report made. `vrptool
init` writes a start for each.

**Bad**

```
data/
  partnership.yaml
  toc.yaml
  groups/dawg.yaml
```

**Good**

```
data/
  partnership.yaml
  toc.yaml
  obpf.yaml
  crest.yaml
  groups/dawg.yaml
```
"""

from vrptool.findings import Rule, Severity

RULE = Rule.documented(__doc__, Severity.ERROR)
