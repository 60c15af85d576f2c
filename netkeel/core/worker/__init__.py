"""The `netkeel-worker` side of the queue: the RQ worker class `netkeel-server rqworker` runs, the version
handshake it makes before starting and before each job, and how to tell that a run's process is gone.

core knows nothing of jobs: extras registers what to do with a refused or abandoned run (`hooks`).
"""
