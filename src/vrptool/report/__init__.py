"""The quarterly report for the strategic board: figures computed from the data, then formatted."""
