"""Choice values of the DCIM models. Values match Nautobot's, so clients send the same strings."""

from __future__ import annotations

from netkeel.core.choices import ChoiceSet


class RackTypeChoices(ChoiceSet):
    CHOICES = (
        ("2-post-frame", "2-post frame"),
        ("4-post-frame", "4-post frame"),
        ("4-post-cabinet", "4-post cabinet"),
        ("wall-frame", "Wall-mounted frame"),
        ("wall-cabinet", "Wall-mounted cabinet"),
    )


class RackWidthChoices:
    CHOICES = ((10, "10 inches"), (19, "19 inches"), (21, "21 inches"), (23, "23 inches"))


class RackDimensionUnitChoices(ChoiceSet):
    CHOICES = (("mm", "Millimeters"), ("in", "Inches"))


class DeviceFaceChoices(ChoiceSet):
    FRONT = "front"
    REAR = "rear"
    CHOICES = ((FRONT, "Front"), (REAR, "Rear"))


class SubdeviceRoleChoices(ChoiceSet):
    PARENT = "parent"
    CHILD = "child"
    CHOICES = ((PARENT, "Parent"), (CHILD, "Child"))


class ConsolePortTypeChoices(ChoiceSet):
    CHOICES = (
        (
            "Serial",
            (
                ("de-9", "DE-9"),
                ("db-25", "DB-25"),
                ("rj-11", "RJ-11"),
                ("rj-12", "RJ-12"),
                ("rj-45", "RJ-45"),
                ("mini-din-8", "Mini-DIN 8"),
            ),
        ),
        (
            "USB",
            (
                ("usb-a", "USB Type A"),
                ("usb-b", "USB Type B"),
                ("usb-c", "USB Type C"),
                ("usb-mini-a", "USB Mini A"),
                ("usb-mini-b", "USB Mini B"),
                ("usb-micro-a", "USB Micro A"),
                ("usb-micro-b", "USB Micro B"),
                ("usb-micro-ab", "USB Micro AB"),
            ),
        ),
        ("Other", (("other", "Other"),)),
    )


class PowerPortTypeChoices(ChoiceSet):
    CHOICES = (
        (
            "IEC 60320",
            (
                ("iec-60320-c6", "C6"),
                ("iec-60320-c8", "C8"),
                ("iec-60320-c14", "C14"),
                ("iec-60320-c16", "C16"),
                ("iec-60320-c20", "C20"),
                ("iec-60320-c22", "C22"),
            ),
        ),
        (
            "NEMA",
            (
                ("nema-5-15p", "NEMA 5-15P"),
                ("nema-5-20p", "NEMA 5-20P"),
                ("nema-l5-30p", "NEMA L5-30P"),
                ("nema-l6-30p", "NEMA L6-30P"),
            ),
        ),
        ("DC", (("dc-terminal", "DC Terminal"),)),
        ("Other", (("other", "Other"),)),
    )


class PowerOutletTypeChoices(ChoiceSet):
    CHOICES = (
        (
            "IEC 60320",
            (
                ("iec-60320-c5", "C5"),
                ("iec-60320-c7", "C7"),
                ("iec-60320-c13", "C13"),
                ("iec-60320-c15", "C15"),
                ("iec-60320-c19", "C19"),
                ("iec-60320-c21", "C21"),
            ),
        ),
        (
            "NEMA",
            (
                ("nema-5-15r", "NEMA 5-15R"),
                ("nema-5-20r", "NEMA 5-20R"),
                ("nema-l5-30r", "NEMA L5-30R"),
                ("nema-l6-30r", "NEMA L6-30R"),
            ),
        ),
        ("DC", (("dc-terminal", "DC Terminal"),)),
        ("Other", (("other", "Other"),)),
    )


class PowerOutletFeedLegChoices(ChoiceSet):
    CHOICES = (("A", "A"), ("B", "B"), ("C", "C"))


class InterfaceTypeChoices(ChoiceSet):
    VIRTUAL = "virtual"
    BRIDGE = "bridge"
    LAG = "lag"
    CHOICES = (
        ("Virtual interfaces", ((VIRTUAL, "Virtual"), (BRIDGE, "Bridge"), (LAG, "Link Aggregation Group (LAG)"))),
        (
            "Ethernet (fixed)",
            (
                ("100base-tx", "100BASE-TX (10/100ME)"),
                ("1000base-t", "1000BASE-T (1GE)"),
                ("2.5gbase-t", "2.5GBASE-T (2.5GE)"),
                ("5gbase-t", "5GBASE-T (5GE)"),
                ("10gbase-t", "10GBASE-T (10GE)"),
                ("10gbase-cx4", "10GBASE-CX4 (10GE)"),
            ),
        ),
        (
            "Ethernet (modular)",
            (
                ("1000base-x-gbic", "GBIC (1GE)"),
                ("1000base-x-sfp", "SFP (1GE)"),
                ("10gbase-x-sfpp", "SFP+ (10GE)"),
                ("10gbase-x-xfp", "XFP (10GE)"),
                ("10gbase-x-xenpak", "XENPAK (10GE)"),
                ("10gbase-x-x2", "X2 (10GE)"),
                ("25gbase-x-sfp28", "SFP28 (25GE)"),
                ("50gbase-x-sfp56", "SFP56 (50GE)"),
                ("40gbase-x-qsfpp", "QSFP+ (40GE)"),
                ("50gbase-x-sfp28", "QSFP28 (50GE)"),
                ("100gbase-x-cfp", "CFP (100GE)"),
                ("100gbase-x-cfp2", "CFP2 (100GE)"),
                ("200gbase-x-cfp2", "CFP2 (200GE)"),
                ("100gbase-x-cfp4", "CFP4 (100GE)"),
                ("100gbase-x-cpak", "Cisco CPAK (100GE)"),
                ("100gbase-x-qsfp28", "QSFP28 (100GE)"),
                ("200gbase-x-qsfp56", "QSFP56 (200GE)"),
                ("400gbase-x-qsfpdd", "QSFP-DD (400GE)"),
                ("400gbase-x-osfp", "OSFP (400GE)"),
                ("800gbase-x-qsfpdd", "QSFP-DD (800GE)"),
                ("800gbase-x-osfp", "OSFP (800GE)"),
            ),
        ),
        (
            "Wireless",
            (
                ("ieee802.11a", "IEEE 802.11a"),
                ("ieee802.11g", "IEEE 802.11b/g"),
                ("ieee802.11n", "IEEE 802.11n"),
                ("ieee802.11ac", "IEEE 802.11ac"),
                ("ieee802.11ad", "IEEE 802.11ad"),
                ("ieee802.11ax", "IEEE 802.11ax"),
            ),
        ),
        ("Cellular", (("gsm", "GSM"), ("cdma", "CDMA"), ("lte", "LTE"))),
        (
            "SONET",
            (
                ("sonet-oc3", "OC-3/STM-1"),
                ("sonet-oc12", "OC-12/STM-4"),
                ("sonet-oc48", "OC-48/STM-16"),
                ("sonet-oc192", "OC-192/STM-64"),
            ),
        ),
        (
            "FibreChannel",
            (
                ("1gfc-sfp", "SFP (1GFC)"),
                ("8gfc-sfpp", "SFP+ (8GFC)"),
                ("16gfc-sfpp", "SFP+ (16GFC)"),
                ("32gfc-sfp28", "SFP28 (32GFC)"),
            ),
        ),
        (
            "Serial",
            (("t1", "T1 (1.544 Mbps)"), ("e1", "E1 (2.048 Mbps)"), ("t3", "T3 (45 Mbps)"), ("e3", "E3 (34 Mbps)")),
        ),
        (
            "Stacking",
            (
                ("cisco-stackwise", "Cisco StackWise"),
                ("cisco-stackwise-plus", "Cisco StackWise Plus"),
                ("juniper-vcp", "Juniper VCP"),
            ),
        ),
        ("Other", (("other", "Other"),)),
    )


WIRELESS_INTERFACE_TYPES = frozenset(
    {"ieee802.11a", "ieee802.11g", "ieee802.11n", "ieee802.11ac", "ieee802.11ad", "ieee802.11ax", "gsm", "cdma", "lte"}
)
# Interfaces that exist only in configuration: a cable has nothing to plug into.
NONCONNECTABLE_INTERFACE_TYPES = frozenset({"virtual", "bridge", "lag"}) | WIRELESS_INTERFACE_TYPES
VIRTUAL_INTERFACE_TYPES = frozenset({"virtual", "bridge", "lag"})


class InterfaceModeChoices(ChoiceSet):
    CHOICES = (("access", "Access"), ("tagged", "Tagged"), ("tagged-all", "Tagged (All)"))


class PortTypeChoices(ChoiceSet):
    CHOICES = (
        (
            "Copper",
            (
                ("8p8c", "8P8C"),
                ("8p6c", "8P6C"),
                ("8p4c", "8P4C"),
                ("8p2c", "8P2C"),
                ("6p6c", "6P6C"),
                ("6p4c", "6P4C"),
                ("6p2c", "6P2C"),
                ("4p4c", "4P4C"),
                ("4p2c", "4P2C"),
                ("gg45", "GG45"),
                ("110-punch", "110 Punch"),
                ("bnc", "BNC"),
                ("mrj21", "MRJ21"),
            ),
        ),
        (
            "Fiber Optic",
            (
                ("fc", "FC"),
                ("lc", "LC"),
                ("lc-apc", "LC/APC"),
                ("lsh", "LSH"),
                ("mpo", "MPO"),
                ("mtrj", "MTRJ"),
                ("sc", "SC"),
                ("sc-apc", "SC/APC"),
                ("st", "ST"),
                ("cs", "CS"),
                ("sn", "SN"),
                ("splice", "Splice"),
            ),
        ),
        ("Other", (("other", "Other"),)),
    )


class CableTypeChoices(ChoiceSet):
    CHOICES = (
        (
            "Copper",
            (
                ("cat3", "CAT3"),
                ("cat5", "CAT5"),
                ("cat5e", "CAT5e"),
                ("cat6", "CAT6"),
                ("cat6a", "CAT6a"),
                ("cat7", "CAT7"),
                ("cat7a", "CAT7a"),
                ("cat8", "CAT8"),
                ("dac-active", "Direct Attach Copper (Active)"),
                ("dac-passive", "Direct Attach Copper (Passive)"),
                ("mrj21-trunk", "MRJ21 Trunk"),
                ("coaxial", "Coaxial"),
            ),
        ),
        (
            "Fiber",
            (
                ("mmf", "Multimode Fiber"),
                ("mmf-om1", "Multimode Fiber (OM1)"),
                ("mmf-om2", "Multimode Fiber (OM2)"),
                ("mmf-om3", "Multimode Fiber (OM3)"),
                ("mmf-om4", "Multimode Fiber (OM4)"),
                ("mmf-om5", "Multimode Fiber (OM5)"),
                ("smf", "Singlemode Fiber"),
                ("smf-os1", "Singlemode Fiber (OS1)"),
                ("smf-os2", "Singlemode Fiber (OS2)"),
                ("aoc", "Active Optical Cabling (AOC)"),
            ),
        ),
        ("Other", (("power", "Power"), ("other", "Other"))),
    )


class CableLengthUnitChoices(ChoiceSet):
    CHOICES = (
        ("km", "Kilometers"),
        ("m", "Meters"),
        ("cm", "Centimeters"),
        ("mi", "Miles"),
        ("ft", "Feet"),
        ("in", "Inches"),
    )


class PowerFeedTypeChoices(ChoiceSet):
    CHOICES = (("primary", "Primary"), ("redundant", "Redundant"))


class PowerFeedSupplyChoices(ChoiceSet):
    CHOICES = (("ac", "AC"), ("dc", "DC"))


class PowerFeedPhaseChoices(ChoiceSet):
    CHOICES = (("single-phase", "Single phase"), ("three-phase", "Three-phase"))


# Which of DCIM's termination kinds a cable may join (both directions are listed). Kinds other apps add
# name theirs when they register (`netkeel.dcim.cabling.kinds.register_termination_kind`).
COMPATIBLE_TERMINATIONS: dict[str, frozenset[str]] = {
    "dcim.consoleport": frozenset({"dcim.consoleserverport", "dcim.frontport", "dcim.rearport"}),
    "dcim.consoleserverport": frozenset({"dcim.consoleport", "dcim.frontport", "dcim.rearport"}),
    "dcim.powerport": frozenset({"dcim.poweroutlet", "dcim.powerfeed"}),
    "dcim.poweroutlet": frozenset({"dcim.powerport"}),
    "dcim.powerfeed": frozenset({"dcim.powerport"}),
    "dcim.interface": frozenset({"dcim.interface", "dcim.frontport", "dcim.rearport"}),
    "dcim.frontport": frozenset(
        {"dcim.consoleport", "dcim.consoleserverport", "dcim.interface", "dcim.frontport", "dcim.rearport"}
    ),
    "dcim.rearport": frozenset(
        {"dcim.consoleport", "dcim.consoleserverport", "dcim.interface", "dcim.frontport", "dcim.rearport"}
    ),
}
