"""`netkeel-server import_csv MODEL FILE [--no-update] [--partial]`."""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from netkeel.core.testing.live import LiveNetkeel
from netkeel.dcim.models import Device, LocationType
from netkeel.dcim.tests import factories as f

BAD_FILE = "\n".join(
    [
        "name,device_type,role,status,location",
        "good01,qfx;Acme,Leaf,Active,DC1;",
        "bad01,qfx;Acme,Leaf,Nope,DC1;",
        "good02,qfx;Acme,Leaf,Active,DC1;",
        "bad02,,Leaf,Active,DC1;",
        "bad03,qfx;Acme,Leaf,Active,DC9;",
    ]
)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_csv", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def site(db: Any) -> None:
    f.location("DC1")
    f.device_type("qfx")
    f.role("Leaf")


def test_every_bad_row_is_printed_and_nothing_is_written(site: None, tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text(BAD_FILE, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"^3 row\(s\) failed, so nothing was written"):
        call_command("import_csv", "dcim.device", str(path), stderr=err)
    lines = err.getvalue().splitlines()
    assert [line.split(":")[0:2] for line in lines] == [
        ["line 3", " status"],
        ["line 5", " device_type"],
        ["line 6", " location"],
    ]
    assert lines[0] == "line 3: status: No status matches 'Nope'."
    assert Device.objects.count() == 0


def test_partial_writes_the_good_rows_and_still_fails(site: None, tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text(BAD_FILE, encoding="utf-8")
    with pytest.raises(CommandError, match=r"^3 row\(s\) failed and were skipped"):
        run("dcim.device", str(path), "--partial")
    assert sorted(Device.objects.values_list("name", flat=True)) == ["good01", "good02"]


def test_a_clean_file_prints_the_counts_and_no_update_refuses_existing_rows(site: None, tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text("name,device_type,role,status,location,serial\nleaf01,qfx;Acme,Leaf,Active,DC1;,S1\n")
    out, _ = run("dcim.device", str(path))
    assert out.strip() == "Imported 1 row(s) of devices: 1 created, 0 updated, 0 unchanged."
    path.write_text("name,location,serial\nleaf01,DC1;,S2\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_csv", "dcim.device", str(path), "--no-update", stderr=err)
    assert err.getvalue().startswith("line 2: name: This device already exists")
    assert run("dcim.device", str(path))[0].strip().endswith("0 created, 1 updated, 0 unchanged.")
    assert Device.objects.get().serial == "S2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("dcim.nothing", "x.csv"), "There is no object type 'dcim.nothing'"),
        (("device", "x.csv"), "Name the kind of object as app.model"),
        (("dcim.device", "/no/such/file.csv"), "There is no file '/no/such/file.csv'."),
    ],
)
def test_mistakes_are_one_sentence(db: Any, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(".", r"\.")):
        run(*args)


def test_a_file_that_is_not_utf8_is_one_sentence(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "types.csv"
    path.write_bytes("name\nZürich\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run("dcim.locationtype", str(path))
    assert LocationType.objects.count() == 0


@pytest.mark.slow
def test_through_netkeel_server(live_netkeel: LiveNetkeel, tmp_path: Path) -> None:
    tag = uuid.uuid4().hex[:8]  # the live service's database is shared by the session's tests
    path = tmp_path / "types.csv"
    path.write_text(f"name,parent\nRegion-{tag},\nSite-{tag},Nowhere-{tag}\nBuilding-{tag},Site-{tag}\n")
    refused = live_netkeel.server("import_csv", "dcim.locationtype", str(path))
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[0] == f"line 3: parent: No location type matches 'Nowhere-{tag}'."
    assert "nothing was written" in refused.stderr and "Traceback" not in refused.stderr
    partial = live_netkeel.server("import_csv", "dcim.locationtype", str(path), "--partial")
    assert partial.returncode == 1 and "the others were written: 1 created" in partial.stderr
    path.write_text(f"name,parent\nSite-{tag},Region-{tag}\nBuilding-{tag},Site-{tag}\n", encoding="utf-8")
    done = live_netkeel.server("import_csv", "dcim.locationtype", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Imported 2 row(s) of location types: 2 created, 0 updated, 0 unchanged."


def test_a_refused_header_is_line_1(site: None, tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text("name,nmae\nleaf01,x\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"^The file was refused \(see line 1\), so nothing was written\.$"):
        call_command("import_csv", "dcim.device", str(path), stderr=err)
    assert err.getvalue().splitlines() == ["line 1: nmae: Devices have no field 'nmae'."]
