"""DCIM pages: every model listed and edited, device component tabs, cable traces and rack elevations."""
