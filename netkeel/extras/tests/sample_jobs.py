"""Jobs the job tests run. Imported as a module by the runner tests, and copied as a file into a
`$NETKEEL_ROOT/jobs/` folder by the discovery, API and worker tests (so it imports only netkeel)."""

import datetime
import time
import uuid

from netkeel.extras.jobs import BooleanVar, ChoiceVar, IntegerVar, Job, JSONVar, ObjectVar, StringVar
from netkeel.extras.models import Status, Tag

name = "Samples"  # the grouping of the jobs in this file


class Greet(Job):
    """Say hello."""

    class Meta:
        name = "Greet"

    who = StringVar(min_length=2, max_length=20, regex=r"[A-Za-z ]+")
    times = IntegerVar(min_value=1, max_value=3, default=1)

    def run(self, who, times):
        for _ in range(times):
            self.logger.info("Hello %s", who)
        return {"greeting": f"Hello {who}", "times": times}


class EveryType(Job):
    class Meta:
        name = "Every type"
        description = "One input of each kind."
        grouping = "Kinds"

    text = StringVar(max_length=5)
    number = IntegerVar(min_value=0, max_value=10)
    flag = BooleanVar()
    colour = ChoiceVar(choices=[("red", "Red"), ("green", "Green")])
    status = ObjectVar(model=Status)
    blob = JSONVar(required=False)

    def run(self, text, number, flag, colour, status, blob):
        self.logger.success("Status is %s", status.name, obj=status)
        return {
            "text": text,
            "number": number,
            "flag": flag,
            "colour": colour,
            "status": status,
            "blob": blob,
            "when": datetime.date(2024, 1, 2),
            "id": uuid.UUID(int=1),
        }


class MakeTag(Job):
    """Make a tag, and fail afterwards when asked to."""

    class Meta:
        name = "Make tag"

    tag = StringVar()
    fail = BooleanVar()

    def run(self, tag, fail):
        made = Tag.objects.create(name=tag)
        self.logger.info("Made the tag", extra={"object": made})
        if fail:
            raise RuntimeError(f"asked to fail after making {tag}\nsecond line")
        return {"tag": str(made.pk)}


class MakeTagNotAtomic(MakeTag):
    class Meta:
        name = "Make tag (not atomic)"
        atomic = False


class Sleeper(Job):
    """Make a tag, then sleep: a job that takes a while."""

    class Meta:
        name = "Sleeper"

    tag = StringVar()
    seconds = IntegerVar(min_value=0, max_value=60, default=0)

    def run(self, tag, seconds):
        Tag.objects.create(name=tag)
        self.logger.info("Sleeping %d s", seconds)
        time.sleep(seconds)
        return {"slept": seconds}


class _Helper(Job):
    """Not a job: its name starts with an underscore."""


class Base(Job):
    abstract = True
