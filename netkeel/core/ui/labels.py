"""Labels as a network engineer writes them: "IP addresses", "MTU", "VRFs", "Management only", "an IP address".

Django makes a model's or field's verbose name from its Python name ("ip address", "mtu", "mgmt only"), and
capitalizing that gives "Ip address" and "Mtu". Every page, table header, filter, form field, menu entry
and message of the UI takes its words through `words()` (inside a sentence) or `label()` (at its start),
so a model added later reads right without a verbose name spelled out for each field.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Written in capitals wherever they stand; a plural keeps its lower-case "s" ("VRFs", "VLANs").
ACRONYMS = frozenset(
    "api asn cidr cpu csv dhcp dns fqdn gps http https id ip json lag lldp mac mtu nat "
    "os pdu poe qos rd rir sla slaac snmp ssh svg tos ttl ups url uuid vc vid vlan vm vrf vrrp wwn yaml".split()
)
# Words with capitals of their own, written so wherever they stand: "Primary IPv4", never "IPV4".
OWN_CASE = {"ipv4": "IPv4", "ipv6": "IPv6"}
# Abbreviations a Python name uses and a person would not.
SPELLED_OUT = {"mgmt": "management", "desc": "description", "addr": "address", "num": "number"}
# Acronyms whose letter name starts with a vowel sound take "an": an IP, an MTU, an SLA, an RIR.
_VOWEL_SOUND_LETTERS = frozenset("aefhilmnorsx")
_WORD = re.compile(r"[A-Za-z0-9]+")


def _word(match: re.Match[str]) -> str:
    word = match.group(0)
    lower = word.lower()
    if lower in SPELLED_OUT:
        return SPELLED_OUT[lower]
    if lower in OWN_CASE:
        return OWN_CASE[lower]
    if lower in ACRONYMS:
        return lower.upper()
    if lower.endswith("s") and lower[:-1] in ACRONYMS and len(lower) > 2:
        return lower[:-1].upper() + "s"
    return word


@lru_cache(maxsize=4096)
def words(text: str) -> str:
    """`text` with its acronyms in capitals and its abbreviations spelled out; the rest as it was."""
    return _WORD.sub(_word, str(text))


@lru_cache(maxsize=4096)
def label(text: str) -> str:
    """`words(text)` starting with a capital: a heading, a column header, a field's label."""
    fixed = words(str(text).replace("_", " "))
    return fixed[:1].upper() + fixed[1:]


def article(text: str) -> str:
    """ "a" or "an" before `text` as it is said: an interface, a device, an IP address, a VLAN, an MTU."""
    fixed = words(str(text)).strip()
    if not fixed:
        return "a"
    first = _WORD.match(fixed)
    token = first.group(0) if first else fixed
    if token.lower() in OWN_CASE:
        return "an"  # an IPv4 address
    if token.upper() == token and token.rstrip("s").lower() in ACRONYMS:
        return "an" if token[0].lower() in _VOWEL_SOUND_LETTERS else "a"
    if fixed.lower().startswith(("uni", "use", "usu", "one")):  # "a unit", "a user", "a one-off"
        return "a"
    return "an" if fixed[0].lower() in "aeiou" else "a"


def is_kbps(model: type[Any], name: str) -> bool:
    """A rate the model keeps in kilobits per second, as Nautobot does: the model names them in
    `kbps_fields` (a circuit's commit rate)."""
    return name in getattr(model, "kbps_fields", ())


_RATE_UNITS = (("Tbps", 1_000_000_000), ("Gbps", 1_000_000), ("Mbps", 1_000), ("Kbps", 1))


def rate(kbps: int) -> str:
    """A rate in Kbps as a person reads it: 10000000 → "10 Gbps", 1544 → "1.544 Mbps", 64 → "64 Kbps"."""
    for unit, size in _RATE_UNITS:
        if abs(kbps) >= size:
            shown = f"{kbps / size:.3f}".rstrip("0").rstrip(".")
            return f"{shown} {unit}"
    return f"{kbps} Kbps"
