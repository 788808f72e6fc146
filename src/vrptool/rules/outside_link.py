"""outside-link: a data file that is, or lies in a folder that is, a link to somewhere outside the data directory.

A symbolic link from the data directory to elsewhere would make vrptool read (and, through an
edit, write) a file that is not part of the partnership's data, and that a reviewer of the data
repository never sees. Every link on the way is resolved (`groups/` itself may be the link), and
such a file is neither read nor written.

**Bad**

```sh
ln -s /etc/passwd data/groups/dawg.yaml
ln -s /home/shared/groups data/groups
```

**Good**

```sh
cp ../shared/dawg.yaml data/groups/dawg.yaml   # a real file, reviewed with the rest
```
"""

from vrptool.findings import Rule, Severity

RULE = Rule.documented(__doc__, Severity.ERROR)
