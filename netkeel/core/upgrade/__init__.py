"""`post_upgrade`: the guarded pipeline that takes a database from the installed release to this one."""
