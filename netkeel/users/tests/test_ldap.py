"""Sign-in through LDAP (django-auth-ldap) against a real OpenLDAP `slapd` that each test starts.

The directory (dc=netkeel,dc=test), its people and groups:

    netkeel-users   (AUTH_LDAP_REQUIRE_GROUP)                        alice  bob  dave
    netops          (mirrored: holds a view of the Berlin locations)  alice
    netkeel-admins  (is_staff, is_superuser)                         dave
    (no group)                                                        carol

The settings are docs/install.md's complete example, written to a netkeel_config.py and read by netkeel's
own loader; the tests then sign in through /login/, make a token on the tokens page, and read the REST API.
Marked `ldap` (run by .ci/run with -m ldap): without Debian's slapd or the `ldap` extra they are skipped,
and with NETKEEL_REQUIRE_SERVICES=1 they fail. The tests of the settings themselves (netkeel's backends kept,
what a missing python-ldap says) need neither and run in every `make test`.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

import netkeel
from netkeel.conf import ConfigError
from netkeel.conf.backends import OBJECT_PERMISSION_BACKEND, REMOTE_USER_BACKEND
from netkeel.conf.loader import load_settings
from netkeel.dcim.models import Location
from netkeel.dcim.tests import factories
from netkeel.users.models import ObjectPermission, User

SLAPD = Path("/usr/sbin/slapd")
SLAPADD = Path("/usr/sbin/slapadd")
SCHEMAS = Path("/etc/ldap/schema")
MODULES = Path("/usr/lib/ldap")
LDAP_BACKEND = "django_auth_ldap.backend.LDAPBackend"

BASE = "dc=netkeel,dc=test"
ROOT_DN = f"cn=admin,{BASE}"
SERVICE_DN = f"cn=netkeel,ou=services,{BASE}"
PASSWORDS = {"alice": "alice-secret", "bob": "bob-secret", "carol": "carol-secret", "dave": "dave-secret"}
GROUPS = {"netkeel-users": ["alice", "bob", "dave"], "netops": ["alice"], "netkeel-admins": ["dave"]}


def person(uid: str) -> str:
    return f"uid={uid},ou=people,{BASE}"


def group(cn: str) -> str:
    return f"cn={cn},ou=groups,{BASE}"


# The config file as an operator writes it: the complete example of docs/install.md, "LDAP", with this
# directory's address in place of ldap.example.com (and its base DN, which the example's layout matches).
INSTALL_DOC = Path(netkeel.__file__).parents[1] / "docs" / "install.md"
EXAMPLE_URI = "ldaps://ldap.example.com"
EXAMPLE_BASE = "dc=example,dc=com"


def documented_config(uri: str) -> str:
    section = INSTALL_DOC.read_text().split("## 11. LDAP", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert EXAMPLE_URI in example and "AUTH_LDAP_MIRROR_GROUPS = True" in example
    return example.replace(EXAMPLE_URI, uri).replace(EXAMPLE_BASE, BASE)


def hashed(password: str) -> str:
    """`{SSHA}`, as slappasswd writes it: the directory never holds a password in clear."""
    salt = secrets.token_bytes(8)
    return "{SSHA}" + base64.b64encode(hashlib.sha1(password.encode() + salt).digest() + salt).decode()


def directory_ldif(service_password: str) -> str:
    entries = [
        f"dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: netkeel\no: netkeel",
        *(f"dn: ou={ou},{BASE}\nobjectClass: organizationalUnit\nou: {ou}" for ou in ("people", "groups", "services")),
        f"dn: {SERVICE_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: netkeel\n"
        f"userPassword: {hashed(service_password)}",
        *(
            f"dn: {person(uid)}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid.title()} Example\n"
            f"givenName: {uid.title()}\nsn: Example\nmail: {uid}@example.com\nuserPassword: {hashed(password)}"
            for uid, password in PASSWORDS.items()
        ),
        *(
            f"dn: {group(cn)}\nobjectClass: groupOfNames\ncn: {cn}\n"
            + "\n".join(f"member: {person(m)}" for m in members)
            for cn, members in GROUPS.items()
        ),
    ]
    return "\n\n".join(entries) + "\n"


def slapd_conf(folder: Path, root_password: str) -> str:
    # Only bound users read the directory; a password is only ever compared, never read.
    return f"""
include {SCHEMAS}/core.schema
include {SCHEMAS}/cosine.schema
include {SCHEMAS}/inetorgperson.schema
modulepath {MODULES}
moduleload back_mdb
pidfile {folder}/slapd.pid
argsfile {folder}/slapd.args

database mdb
maxsize 10485760
suffix "{BASE}"
rootdn "{ROOT_DN}"
rootpw {hashed(root_password)}
directory {folder}/data
index objectClass eq
index uid,member eq
access to attrs=userPassword by self write by anonymous auth by * none
access to * by users read by * none
"""


def ldap_unavailable() -> str | None:
    for program in (SLAPD, SLAPADD):
        if not program.is_file():
            return f"{program} is not installed (apt-get install slapd ldap-utils)"
    try:
        import django_auth_ldap  # noqa: F401
        import ldap  # noqa: F401
    except ImportError as exc:
        return (
            f"python-ldap and django-auth-ldap are not installed ({exc}); apt-get install libldap2-dev libsasl2-dev, "
            "then make venv EXTRAS=dev,postgres,ldap"
        )
    return None


def require_ldap() -> None:
    reason = ldap_unavailable()
    if reason is None:
        return
    if os.environ.get("NETKEEL_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (NETKEEL_REQUIRE_SERVICES=1: the LDAP tests must run here)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Slapd:
    uri: str
    root_password: str
    service_password: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def bound(self) -> Any:
        import ldap

        conn = ldap.initialize(self.uri)
        conn.set_option(ldap.OPT_NETWORK_TIMEOUT, 5)
        conn.simple_bind_s(ROOT_DN, self.root_password)
        return conn

    def move(self, uid: str, *, into: str | None = None, out_of: str | None = None) -> None:
        """Change a person's group membership in the directory, as its administrator would."""
        import ldap

        conn = self.bound()
        try:
            if into:
                conn.modify_s(group(into), [(ldap.MOD_ADD, "member", [person(uid).encode()])])
            if out_of:
                conn.modify_s(group(out_of), [(ldap.MOD_DELETE, "member", [person(uid).encode()])])
        finally:
            conn.unbind_s()


def start_slapd(folder: Path, conf: Path) -> tuple[subprocess.Popen[bytes], str]:
    """slapd in the foreground (-d 0) on a free loopback port; a port taken meanwhile is tried again."""
    for _attempt in range(3):
        uri = f"ldap://127.0.0.1:{free_port()}/"
        log = (folder / "slapd.log").open("wb")
        process = subprocess.Popen([str(SLAPD), "-f", str(conf), "-h", uri, "-d", "0"], stdout=log, stderr=log)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", int(uri.rsplit(":", 1)[1].strip("/"))), timeout=1):
                    return process, uri
            except OSError:
                time.sleep(0.05)
        process.kill()
        process.wait()
    pytest.fail(f"slapd did not start: {(folder / 'slapd.log').read_text(errors='replace')}")


@pytest.fixture
def slapd(tmp_path: Path) -> Iterator[Slapd]:
    """A fresh directory for each test (its groups change), in a slapd of its own; stopped at the end."""
    require_ldap()
    folder = tmp_path / "slapd"
    (folder / "data").mkdir(parents=True)
    root_password, service_password = secrets.token_hex(8), secrets.token_hex(8)
    conf = folder / "slapd.conf"
    conf.write_text(slapd_conf(folder, root_password))
    ldif = folder / "directory.ldif"
    ldif.write_text(directory_ldif(service_password))
    loaded = subprocess.run(
        [str(SLAPADD), "-f", str(conf), "-l", str(ldif)], capture_output=True, text=True, timeout=60, check=False
    )
    assert loaded.returncode == 0, loaded.stderr
    process, uri = start_slapd(folder, conf)
    server = Slapd(uri=uri, root_password=root_password, service_password=service_password, process=process)
    # Answering on the port is not yet serving the database: wait for a bind to succeed.
    import ldap

    deadline = time.monotonic() + 15
    while True:
        try:
            server.bound().unbind_s()
            break
        except ldap.LDAPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    try:
        yield server
    finally:
        server.stop()


def write_config(folder: Path, text: str) -> dict[str, str]:
    path = folder / "netkeel_config.py"
    path.write_text(text)
    return {"NETKEEL_CONFIG": str(path), "NETKEEL_ROOT": str(folder), "NETKEEL_SECRET_KEY": "x" * 50}


@pytest.fixture
def ldap_settings(slapd: Slapd, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """The documented config file read by netkeel's loader, its sign-in settings in force for the test."""
    monkeypatch.setenv("NETKEEL_LDAP_BIND_PASSWORD", slapd.service_password)
    environ = write_config(tmp_path, documented_config(slapd.uri))
    loaded = load_settings(environ)
    chosen = {
        name: value
        for name, value in loaded.items()
        if name.startswith("AUTH_LDAP_") or name == "AUTHENTICATION_BACKENDS"
    }
    with override_settings(**chosen):
        yield chosen


def sign_in(username: str, password: str | None = None) -> tuple[Client, Any]:
    client = Client()
    response = client.post("/login/", {"username": username, "password": password or PASSWORDS[username]})
    return client, response


def signed_in_as(client: Client) -> str | None:
    response = client.get("/user/profile/")
    if response.status_code != 200:
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        return None
    return str(response.context["profile"].username)


def location_names(client: Client, **headers: Any) -> list[str] | int:
    """The locations the API lists to this client, or the status code of a refusal."""
    response = client.get("/api/dcim/locations/", **headers)
    if response.status_code != 200:
        return int(response.status_code)
    return sorted(row["name"] for row in response.json()["results"])


@pytest.fixture
def berlin_for_netops(db: None) -> ObjectPermission:
    """Three locations; netkeel's group "netops" (the LDAP group's mirror) may view the Berlin ones."""
    for name in ("Berlin", "Paris", "Lisbon"):
        factories.location(name)
    netops = Group.objects.create(name="netops")
    permission = ObjectPermission.objects.create(
        name="netops views Berlin", actions=["view"], constraints={"name__startswith": "Berlin"}
    )
    permission.object_types.add(ContentType.objects.get_for_model(Location))
    permission.groups.add(netops)
    return permission


# --- The settings: no slapd needed ----------------------------------------------------------------


def test_an_operators_backend_list_keeps_netkeels_own(tmp_path: Path) -> None:
    environ = write_config(tmp_path, 'AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]\n')
    assert load_settings(environ)["AUTHENTICATION_BACKENDS"] == [
        "django.contrib.auth.backends.ModelBackend",
        OBJECT_PERMISSION_BACKEND,
        REMOTE_USER_BACKEND,
    ]
    environ = write_config(
        tmp_path, f'AUTHENTICATION_BACKENDS = ["{OBJECT_PERMISSION_BACKEND}", "my_site.backends.Radius"]\n'
    )
    assert load_settings(environ)["AUTHENTICATION_BACKENDS"] == [
        OBJECT_PERMISSION_BACKEND,
        "my_site.backends.Radius",
        REMOTE_USER_BACKEND,
    ]
    environ = write_config(tmp_path, 'AUTHENTICATION_BACKENDS = "django.contrib.auth.backends.ModelBackend"\n')
    with pytest.raises(ConfigError, match="AUTHENTICATION_BACKENDS must be a list of dotted paths"):
        load_settings(environ)


def test_without_python_ldap_the_settings_say_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import ldap` fail as on a machine without python-ldap, installed or not here.
    monkeypatch.setitem(sys.modules, "ldap", None)
    environ = write_config(tmp_path, f'AUTHENTICATION_BACKENDS = ["{LDAP_BACKEND}"]\n')
    with pytest.raises(ConfigError) as named:
        load_settings(environ)
    assert f"AUTHENTICATION_BACKENDS names {LDAP_BACKEND}, but python-ldap cannot be imported" in str(named.value)
    assert "apt-get install libldap2-dev libsasl2-dev" in str(named.value)
    assert "django-auth-ldap to $NETKEEL_ROOT/local_requirements.txt" in str(named.value)
    environ = write_config(tmp_path, "import os\nimport ldap\nAUTH_LDAP_SERVER_URI = 'ldap://x'\n")
    with pytest.raises(ConfigError) as imported:
        load_settings(environ)
    assert f"The config file {tmp_path / 'netkeel_config.py'} imports ldap on line 2" in str(imported.value)
    assert "pip install 'netkeel[ldap]'" in str(imported.value)


@pytest.mark.slow
def test_netkeel_server_check_says_what_to_install_in_one_sentence(clean_env: dict[str, str], tmp_path: Path) -> None:
    config = tmp_path / "netkeel_config.py"
    config.write_text(f'AUTHENTICATION_BACKENDS = ["{LDAP_BACKEND}", "django.contrib.auth.backends.ModelBackend"]\n')
    # The CLI as installed, in a Python where python-ldap cannot be imported (as without the ldap extra).
    code = "import sys; sys.modules['ldap'] = None; from netkeel.cli.main import main; sys.exit(main(sys.argv[1:]))"
    result = subprocess.run(
        [sys.executable, "-c", code, "-c", str(config), "check", "--no-services"],
        cwd=Path(netkeel.__file__).parents[1],
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("netkeel-server: AUTHENTICATION_BACKENDS names "), lines
    assert "python-ldap cannot be imported" in lines[0] and "local_requirements.txt" in lines[0]


# --- Against a real slapd ------------------------------------------------------------------------


@pytest.mark.ldap
def test_check_accepts_the_documented_config_and_names_what_a_broken_one_lacks(
    ldap_settings: dict[str, Any],
) -> None:
    from netkeel.users.ldap import ldap_settings as check

    assert check(None) == []
    assert ldap_settings["AUTHENTICATION_BACKENDS"] == [
        LDAP_BACKEND,
        "django.contrib.auth.backends.ModelBackend",
        OBJECT_PERMISSION_BACKEND,
        REMOTE_USER_BACKEND,
    ]
    with override_settings(AUTH_LDAP_GROUP_TYPE=None, AUTH_LDAP_USER_SEARCH=None, AUTH_LDAP_SERVER_URI=""):
        found = {message.id: message.msg for message in check(None)}
    assert set(found) == {"netkeel.W201", "netkeel.E201", "netkeel.E202"}
    assert found["netkeel.E202"] == (
        "AUTH_LDAP_REQUIRE_GROUP, AUTH_LDAP_MIRROR_GROUPS, AUTH_LDAP_USER_FLAGS_BY_GROUP read LDAP groups, but "
        "AUTH_LDAP_GROUP_TYPE (such as GroupOfNamesType()) is not set, so every LDAP sign-in would fail with a "
        "server error."
    )


@pytest.mark.ldap
@pytest.mark.django_db
def test_an_ldap_user_signs_in_through_the_login_form(ldap_settings: dict[str, Any]) -> None:
    client, response = sign_in("alice")
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_as(client) == "alice"
    alice = User.objects.get(username="alice")
    assert (alice.first_name, alice.last_name, alice.email) == ("Alice", "Example", "alice@example.com")
    assert not alice.has_usable_password()  # the directory keeps the password; netkeel never sees it again
    assert client.session["_auth_user_backend"] == LDAP_BACKEND
    assert client.get("/").status_code == 200

    # A wrong password, an unknown name and someone outside AUTH_LDAP_REQUIRE_GROUP: the form's own refusal.
    for username, password in (("alice", "wrong"), ("mallory", "anything"), ("carol", None)):
        client, response = sign_in(username, password)
        assert response.status_code == 200, username
        assert "Please enter a correct username and password" in response.content.decode(), username
        assert signed_in_as(client) is None
    assert not User.objects.filter(username__in=["carol", "mallory"]).exists()


@pytest.mark.ldap
@pytest.mark.django_db
def test_an_ldap_user_makes_a_token_on_the_tokens_page_and_it_opens_the_api(
    ldap_settings: dict[str, Any], berlin_for_netops: ObjectPermission
) -> None:
    client, _ = sign_in("alice")
    page = client.get("/user/api-tokens/")
    assert page.status_code == 200
    made = client.post("/user/api-tokens/", {"description": "automation", "write_enabled": "on"})
    assert made.status_code == 201
    key = made.context["new_key"]
    assert key and key in made.content.decode()
    token = User.objects.get(username="alice").tokens.get()
    assert token.key == key and token.description == "automation"

    api = Client()
    assert location_names(api, HTTP_AUTHORIZATION=f"Token {key}") == ["Berlin"]
    assert location_names(api, HTTP_AUTHORIZATION=f"Token {'0' * 40}") == 403


@pytest.mark.ldap
@pytest.mark.django_db
def test_a_mirrored_group_gives_its_object_permission(
    ldap_settings: dict[str, Any], berlin_for_netops: ObjectPermission
) -> None:
    alice, _ = sign_in("alice")
    assert list(User.objects.get(username="alice").groups.values_list("name", flat=True).order_by("name")) == [
        "netkeel-users",
        "netops",
    ]
    assert location_names(alice) == ["Berlin"]
    assert alice.get("/dcim/locations/").status_code == 200
    # The query count of the list does not grow with the rows she may see.
    with CaptureQueriesContext(connection) as one:
        assert location_names(alice) == ["Berlin"]
    for name in ("Berlin-2", "Berlin-3", "Berlin-4"):
        factories.location(name)
    with CaptureQueriesContext(connection) as four:
        assert location_names(alice) == ["Berlin", "Berlin-2", "Berlin-3", "Berlin-4"]
    assert len(four.captured_queries) == len(one.captured_queries)

    # bob signs in (he is in netkeel-users) but no group of his holds a permission: refused, as any such user.
    bob, response = sign_in("bob")
    assert response.status_code == 302 and signed_in_as(bob) == "bob"
    assert location_names(bob) == 403
    assert bob.get("/dcim/locations/").status_code == 403


@pytest.mark.ldap
@pytest.mark.django_db
def test_user_flags_follow_ldap_groups(ldap_settings: dict[str, Any], berlin_for_netops: ObjectPermission) -> None:
    dave, _ = sign_in("dave")
    found = User.objects.get(username="dave")
    assert found.is_superuser and found.is_staff
    assert location_names(dave) == ["Berlin", "Lisbon", "Paris"]
    sign_in("alice")
    alice = User.objects.get(username="alice")
    assert not alice.is_superuser and not alice.is_staff


@pytest.mark.ldap
@pytest.mark.django_db
def test_signing_in_again_after_a_directory_change_updates_groups_and_flags(
    slapd: Slapd, ldap_settings: dict[str, Any], berlin_for_netops: ObjectPermission
) -> None:
    for username in ("alice", "bob", "dave"):
        sign_in(username)
    assert location_names(sign_in("bob")[0]) == 403

    # (A groupOfNames keeps at least one member: each newcomer joins before the leaver leaves.)
    slapd.move("bob", into="netops")
    slapd.move("alice", out_of="netops")
    slapd.move("carol", into="netkeel-admins")
    slapd.move("dave", out_of="netkeel-admins")

    alice, _ = sign_in("alice")
    bob, _ = sign_in("bob")
    dave, _ = sign_in("dave")
    groups = {
        user.username: sorted(user.groups.values_list("name", flat=True))
        for user in User.objects.filter(username__in=["alice", "bob", "dave"])
    }
    assert groups == {"alice": ["netkeel-users"], "bob": ["netkeel-users", "netops"], "dave": ["netkeel-users"]}
    assert location_names(alice) == 403
    assert location_names(bob) == ["Berlin"]
    assert not User.objects.get(username="dave").is_superuser
    assert location_names(dave) == 403

    # Out of the required group: the next sign-in is refused (the user and their tokens stay, for an admin).
    slapd.move("bob", out_of="netkeel-users")
    _, refused = sign_in("bob")
    assert refused.status_code == 200 and "Please enter a correct username and password" in refused.content.decode()


@pytest.mark.ldap
@pytest.mark.django_db
def test_find_group_perms_gives_a_session_the_django_permissions_of_its_ldap_groups(
    ldap_settings: dict[str, Any], berlin_for_netops: ObjectPermission
) -> None:
    """Without mirroring: netkeel's group named like the LDAP group holds Django's view_location, which
    django-auth-ldap reads from the directory on each request of a session it signed in."""
    from django.contrib.auth.models import Permission

    Group.objects.create(name="netkeel-admins").permissions.add(Permission.objects.get(codename="view_location"))
    with override_settings(
        AUTH_LDAP_MIRROR_GROUPS=False, AUTH_LDAP_USER_FLAGS_BY_GROUP={}, AUTH_LDAP_FIND_GROUP_PERMS=True
    ):
        dave, _ = sign_in("dave")
        found = User.objects.get(username="dave")
        assert not found.is_superuser and not found.groups.exists()
        assert location_names(dave) == ["Berlin", "Lisbon", "Paris"]
        alice, _ = sign_in("alice")
        assert location_names(alice) == 403  # not mirrored: netops' object permission is not hers


@pytest.mark.ldap
@pytest.mark.django_db
def test_with_the_directory_down_ldap_users_are_refused_and_local_accounts_still_sign_in(
    slapd: Slapd, ldap_settings: dict[str, Any]
) -> None:
    User.objects.create_user(username="admin", password="local-secret", is_superuser=True)
    slapd.stop()
    _, refused = sign_in("alice")
    assert refused.status_code == 200 and "Please enter a correct username and password" in refused.content.decode()
    admin, response = sign_in("admin", "local-secret")
    assert response.status_code == 302 and signed_in_as(admin) == "admin"


@pytest.mark.ldap
@pytest.mark.django_db
def test_a_deactivated_ldap_user_cannot_sign_in_and_their_session_and_token_get_nothing(
    ldap_settings: dict[str, Any], berlin_for_netops: ObjectPermission
) -> None:
    alice, _ = sign_in("alice")
    key = alice.post("/user/api-tokens/", {"description": "automation"}).context["new_key"]
    assert location_names(alice) == ["Berlin"]
    User.objects.filter(username="alice").update(is_active=False)
    assert location_names(alice) == 403
    assert alice.get("/dcim/locations/").status_code == 403
    assert location_names(Client(), HTTP_AUTHORIZATION=f"Token {key}") == 403
    _, refused = sign_in("alice")
    assert refused.status_code == 200 and "This account is inactive." in refused.content.decode()
