"""Choice values and labels of the DCIM models: Nautobot's, value for value and label for label.

Clients send the values (`"1000base-t"`) and read the labels; both are part of the interface we match,
and `dcim/tests/test_choices.py` compares every set here with Nautobot 3.2.7's schema so none can drift.
Groups only organise forms and the OPTIONS metadata.
"""

from __future__ import annotations

from netkeel.core.choices import ChoiceSet


class RackTypeChoices(ChoiceSet):
    CHOICES = (
        ("2-post-frame", "2-post frame"),
        ("4-post-frame", "4-post frame"),
        ("4-post-cabinet", "4-post cabinet"),
        ("wall-frame", "Wall-mounted frame"),
        ("wall-frame-vertical", "Wall-mounted frame (vertical)"),
        ("wall-cabinet", "Wall-mounted cabinet"),
        ("wall-cabinet-vertical", "Wall-mounted cabinet (vertical)"),
        ("other", "Other"),
    )


class RackWidthChoices:
    CHOICES = (
        (10, "10 inches"),
        (19, "19 inches"),
        (21, "21 inches"),
        (23, "23 inches"),
    )


class RackDimensionUnitChoices(ChoiceSet):
    CHOICES = (
        ("mm", "Millimeters"),
        ("in", "Inches"),
    )


class DeviceFaceChoices(ChoiceSet):
    FRONT = "front"
    REAR = "rear"
    CHOICES = (
        ("front", "Front"),
        ("rear", "Rear"),
    )


class SubdeviceRoleChoices(ChoiceSet):
    PARENT = "parent"
    CHILD = "child"
    PARENT_CHILD = "parent-child"
    CHOICES = (
        ("parent", "Parent"),
        ("child", "Child"),
        ("parent-child", "Parent and Child"),
    )


class DeviceRedundancyGroupFailoverStrategyChoices(ChoiceSet):
    CHOICES = (
        ("active-active", "Active/Active"),
        ("active-passive", "Active/Passive"),
    )


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
        (
            "Other",
            (("other", "Other"),),
        ),
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
            "IEC 60309",
            (
                ("iec-60309-p-n-e-4h", "P+N+E 4H"),
                ("iec-60309-p-n-e-6h", "P+N+E 6H"),
                ("iec-60309-p-n-e-9h", "P+N+E 9H"),
                ("iec-60309-2p-e-4h", "2P+E 4H"),
                ("iec-60309-2p-e-6h", "2P+E 6H"),
                ("iec-60309-2p-e-9h", "2P+E 9H"),
                ("iec-60309-3p-e-4h", "3P+E 4H"),
                ("iec-60309-3p-e-6h", "3P+E 6H"),
                ("iec-60309-3p-e-9h", "3P+E 9H"),
                ("iec-60309-3p-n-e-4h", "3P+N+E 4H"),
                ("iec-60309-3p-n-e-6h", "3P+N+E 6H"),
                ("iec-60309-3p-n-e-9h", "3P+N+E 9H"),
            ),
        ),
        (
            "IEC 60906-1",
            (
                ("iec-60906-1", "IEC 60906-1"),
                ("nbr-14136-10a", "2P+T 10A (NBR 14136)"),
                ("nbr-14136-20a", "2P+T 20A (NBR 14136)"),
            ),
        ),
        (
            "NEMA (Non-locking)",
            (
                ("nema-1-15p", "NEMA 1-15P"),
                ("nema-5-15p", "NEMA 5-15P"),
                ("nema-5-20p", "NEMA 5-20P"),
                ("nema-5-30p", "NEMA 5-30P"),
                ("nema-5-50p", "NEMA 5-50P"),
                ("nema-6-15p", "NEMA 6-15P"),
                ("nema-6-20p", "NEMA 6-20P"),
                ("nema-6-30p", "NEMA 6-30P"),
                ("nema-6-50p", "NEMA 6-50P"),
                ("nema-10-30p", "NEMA 10-30P"),
                ("nema-10-50p", "NEMA 10-50P"),
                ("nema-14-20p", "NEMA 14-20P"),
                ("nema-14-30p", "NEMA 14-30P"),
                ("nema-14-50p", "NEMA 14-50P"),
                ("nema-14-60p", "NEMA 14-60P"),
                ("nema-15-15p", "NEMA 15-15P"),
                ("nema-15-20p", "NEMA 15-20P"),
                ("nema-15-30p", "NEMA 15-30P"),
                ("nema-15-50p", "NEMA 15-50P"),
                ("nema-15-60p", "NEMA 15-60P"),
            ),
        ),
        (
            "NEMA (Locking)",
            (
                ("nema-l1-15p", "NEMA L1-15P"),
                ("nema-l5-15p", "NEMA L5-15P"),
                ("nema-l5-20p", "NEMA L5-20P"),
                ("nema-l5-30p", "NEMA L5-30P"),
                ("nema-l5-50p", "NEMA L5-50P"),
                ("nema-l6-15p", "NEMA L6-15P"),
                ("nema-l6-20p", "NEMA L6-20P"),
                ("nema-l6-30p", "NEMA L6-30P"),
                ("nema-l6-50p", "NEMA L6-50P"),
                ("nema-l10-30p", "NEMA L10-30P"),
                ("nema-l14-20p", "NEMA L14-20P"),
                ("nema-l14-30p", "NEMA L14-30P"),
                ("nema-l14-50p", "NEMA L14-50P"),
                ("nema-l14-60p", "NEMA L14-60P"),
                ("nema-l15-20p", "NEMA L15-20P"),
                ("nema-l15-30p", "NEMA L15-30P"),
                ("nema-l15-50p", "NEMA L15-50P"),
                ("nema-l15-60p", "NEMA L15-60P"),
                ("nema-l21-20p", "NEMA L21-20P"),
                ("nema-l21-30p", "NEMA L21-30P"),
                ("nema-l22-30p", "NEMA L22-30P"),
            ),
        ),
        (
            "California Style",
            (
                ("cs6361c", "CS6361C"),
                ("cs6365c", "CS6365C"),
                ("cs8165c", "CS8165C"),
                ("cs8265c", "CS8265C"),
                ("cs8365c", "CS8365C"),
                ("cs8465c", "CS8465C"),
            ),
        ),
        (
            "International/ITA",
            (
                ("ita-c", "ITA Type C (CEE 7/16)"),
                ("ita-e", "ITA Type E (CEE 7/6)"),
                ("ita-f", "ITA Type F (CEE 7/4)"),
                ("ita-ef", "ITA Type E/F (CEE 7/7)"),
                ("ita-g", "ITA Type G (BS 1363)"),
                ("ita-h", "ITA Type H"),
                ("ita-i", "ITA Type I"),
                ("ita-j", "ITA Type J"),
                ("ita-k", "ITA Type K"),
                ("ita-l", "ITA Type L (CEI 23-50)"),
                ("ita-m", "ITA Type M (BS 546)"),
                ("ita-n", "ITA Type N"),
                ("ita-o", "ITA Type O"),
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
                ("usb-3-b", "USB 3.0 Type B"),
                ("usb-3-micro-b", "USB 3.0 Micro B"),
            ),
        ),
        (
            "DC",
            (("dc-terminal", "DC Terminal"),),
        ),
        (
            "Proprietary",
            (
                ("saf-d-grid", "Saf-D-Grid"),
                ("neutrik-powercon-20", "Neutrik powerCON (20A)"),
                ("neutrik-powercon-32", "Neutrik powerCON (32A)"),
                ("neutrik-powercon-true1", "Neutrik powerCON TRUE1"),
                ("neutrik-powercon-true1-top", "Neutrik powerCON TRUE1 TOP"),
                ("ubiquiti-smartpower", "Ubiquiti SmartPower"),
            ),
        ),
        (
            "Other",
            (
                ("hardwired", "Hardwired"),
                ("other", "Other"),
            ),
        ),
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
            "IEC 60309",
            (
                ("iec-60309-p-n-e-4h", "P+N+E 4H"),
                ("iec-60309-p-n-e-6h", "P+N+E 6H"),
                ("iec-60309-p-n-e-9h", "P+N+E 9H"),
                ("iec-60309-2p-e-4h", "2P+E 4H"),
                ("iec-60309-2p-e-6h", "2P+E 6H"),
                ("iec-60309-2p-e-9h", "2P+E 9H"),
                ("iec-60309-3p-e-4h", "3P+E 4H"),
                ("iec-60309-3p-e-6h", "3P+E 6H"),
                ("iec-60309-3p-e-9h", "3P+E 9H"),
                ("iec-60309-3p-n-e-4h", "3P+N+E 4H"),
                ("iec-60309-3p-n-e-6h", "3P+N+E 6H"),
                ("iec-60309-3p-n-e-9h", "3P+N+E 9H"),
            ),
        ),
        (
            "IEC 60906-1",
            (
                ("iec-60906-1", "IEC 60906-1"),
                ("nbr-14136-10a", "2P+T 10A (NBR 14136)"),
                ("nbr-14136-20a", "2P+T 20A (NBR 14136)"),
            ),
        ),
        (
            "NEMA (Non-locking)",
            (
                ("nema-1-15r", "NEMA 1-15R"),
                ("nema-5-15r", "NEMA 5-15R"),
                ("nema-5-20r", "NEMA 5-20R"),
                ("nema-5-30r", "NEMA 5-30R"),
                ("nema-5-50r", "NEMA 5-50R"),
                ("nema-6-15r", "NEMA 6-15R"),
                ("nema-6-20r", "NEMA 6-20R"),
                ("nema-6-30r", "NEMA 6-30R"),
                ("nema-6-50r", "NEMA 6-50R"),
                ("nema-10-30r", "NEMA 10-30R"),
                ("nema-10-50r", "NEMA 10-50R"),
                ("nema-14-20r", "NEMA 14-20R"),
                ("nema-14-30r", "NEMA 14-30R"),
                ("nema-14-50r", "NEMA 14-50R"),
                ("nema-14-60r", "NEMA 14-60R"),
                ("nema-15-15r", "NEMA 15-15R"),
                ("nema-15-20r", "NEMA 15-20R"),
                ("nema-15-30r", "NEMA 15-30R"),
                ("nema-15-50r", "NEMA 15-50R"),
                ("nema-15-60r", "NEMA 15-60R"),
            ),
        ),
        (
            "NEMA (Locking)",
            (
                ("nema-l1-15r", "NEMA L1-15R"),
                ("nema-l5-15r", "NEMA L5-15R"),
                ("nema-l5-20r", "NEMA L5-20R"),
                ("nema-l5-30r", "NEMA L5-30R"),
                ("nema-l5-50r", "NEMA L5-50R"),
                ("nema-l6-15r", "NEMA L6-15R"),
                ("nema-l6-20r", "NEMA L6-20R"),
                ("nema-l6-30r", "NEMA L6-30R"),
                ("nema-l6-50r", "NEMA L6-50R"),
                ("nema-l10-30r", "NEMA L10-30R"),
                ("nema-l14-20r", "NEMA L14-20R"),
                ("nema-l14-30r", "NEMA L14-30R"),
                ("nema-l14-50r", "NEMA L14-50R"),
                ("nema-l14-60r", "NEMA L14-60R"),
                ("nema-l15-20r", "NEMA L15-20R"),
                ("nema-l15-30r", "NEMA L15-30R"),
                ("nema-l15-50r", "NEMA L15-50R"),
                ("nema-l15-60r", "NEMA L15-60R"),
                ("nema-l21-20r", "NEMA L21-20R"),
                ("nema-l21-30r", "NEMA L21-30R"),
                ("nema-l22-30r", "NEMA L22-30R"),
            ),
        ),
        (
            "California Style",
            (
                ("CS6360C", "CS6360C"),
                ("CS6364C", "CS6364C"),
                ("CS8164C", "CS8164C"),
                ("CS8264C", "CS8264C"),
                ("CS8364C", "CS8364C"),
                ("CS8464C", "CS8464C"),
            ),
        ),
        (
            "ITA/International",
            (
                ("ita-e", "ITA Type E (CEE 7/5)"),
                ("ita-f", "ITA Type F (CEE 7/3)"),
                ("ita-g", "ITA Type G (BS 1363)"),
                ("ita-h", "ITA Type H"),
                ("ita-i", "ITA Type I"),
                ("ita-j", "ITA Type J"),
                ("ita-k", "ITA Type K"),
                ("ita-l", "ITA Type L (CEI 23-50)"),
                ("ita-m", "ITA Type M (BS 546)"),
                ("ita-n", "ITA Type N"),
                ("ita-o", "ITA Type O"),
                ("ita-multistandard", "ITA Multistandard"),
            ),
        ),
        (
            "USB",
            (
                ("usb-a", "USB Type A"),
                ("usb-micro-b", "USB Micro B"),
                ("usb-c", "USB Type C"),
            ),
        ),
        (
            "DC",
            (("dc-terminal", "DC Terminal"),),
        ),
        (
            "Proprietary",
            (
                ("hdot-cx", "HDOT Cx"),
                ("saf-d-grid", "Saf-D-Grid"),
                ("neutrik-powercon-20a", "Neutrik powerCON (20A)"),
                ("neutrik-powercon-32a", "Neutrik powerCON (32A)"),
                ("neutrik-powercon-true1", "Neutrik powerCON TRUE1"),
                ("neutrik-powercon-true1-top", "Neutrik powerCON TRUE1 TOP"),
                ("ubiquiti-smartpower", "Ubiquiti SmartPower"),
                ("eaton-c39", "Eaton C39"),
            ),
        ),
        (
            "Other",
            (
                ("hardwired", "Hardwired"),
                ("other", "Other"),
            ),
        ),
    )


class PowerOutletFeedLegChoices(ChoiceSet):
    CHOICES = (
        ("A", "A"),
        ("B", "B"),
        ("C", "C"),
    )


class InterfaceTypeChoices(ChoiceSet):
    VIRTUAL = "virtual"
    BRIDGE = "bridge"
    LAG = "lag"
    CHOICES = (
        (
            "Virtual interfaces",
            (
                ("virtual", "Virtual"),
                ("bridge", "Bridge"),
                ("lag", "Link Aggregation Group (LAG)"),
                ("tunnel", "Tunnel"),
            ),
        ),
        (
            "Ethernet (fixed)",
            (
                ("100base-fx", "100BASE-FX (10/100ME FIBER)"),
                ("100base-lfx", "100BASE-LFX (10/100ME FIBER)"),
                ("100base-tx", "100BASE-TX (10/100ME)"),
                ("100base-t1", "100BASE-T1 (10/100ME Single Pair)"),
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
                ("400gbase-x-cfp2", "CFP2 (400GE)"),
                ("100gbase-x-cfp4", "CFP4 (100GE)"),
                ("100gbase-x-cpak", "Cisco CPAK (100GE)"),
                ("100gbase-x-qsfp28", "QSFP28 (100GE)"),
                ("100gbase-x-cxp", "CXP (100GE)"),
                ("100gbase-x-qsfpdd", "QSFP-DD (100GE)"),
                ("100gbase-x-dsfp", "DSFP (100GE)"),
                ("100gbase-x-sfpdd", "SFP-DD (100GE)"),
                ("200gbase-x-qsfp56", "QSFP56 (200GE)"),
                ("200gbase-x-qsfpdd", "QSFP-DD (200GE)"),
                ("400gbase-x-qsfp112", "QSFP112 (400GE)"),
                ("400gbase-x-qsfpdd", "QSFP-DD (400GE)"),
                ("400gbase-x-osfp", "OSFP (400GE)"),
                ("400gbase-x-osfp-rhs", "OSFP-RHS (400GE)"),
                ("400gbase-x-cdfp", "CDFP (400GE)"),
                ("400gbase-x-cfp8", "CPF8 (400GE)"),
                ("800gbase-x-qsfpdd", "QSFP-DD (800GE)"),
                ("800gbase-x-osfp", "OSFP (800GE)"),
                ("800gbase-x-osfp-xd", "OSFP-XD (800GE)"),
                ("1600gbase-x-osfp", "OSFP (1600GE)"),
                ("1600gbase-x-osfp-xd", "OSFP-XD (1600GE)"),
            ),
        ),
        (
            "Ethernet (backplane)",
            (
                ("1000base-kx", "1000BASE-KX (1GE)"),
                ("10gbase-kr", "10GBASE-KR (10GE)"),
                ("10gbase-kx4", "10GBASE-KX4 (10GE)"),
                ("25gbase-kr", "25GBASE-KR (25GE)"),
                ("40gbase-kr4", "40GBASE-KR4 (40GE)"),
                ("50gbase-kr", "50GBASE-KR (50GE)"),
                ("100gbase-kp4", "100GBASE-KP4 (100GE)"),
                ("100gbase-kr2", "100GBASE-KR2 (100GE)"),
                ("100gbase-kr4", "100GBASE-KR4 (100GE)"),
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
                ("ieee802.11ay", "IEEE 802.11ay"),
                ("ieee802.15.1", "IEEE 802.15.1 (Bluetooth)"),
                ("other-wireless", "Other (Wireless)"),
            ),
        ),
        (
            "Cellular",
            (
                ("gsm", "GSM"),
                ("cdma", "CDMA"),
                ("lte", "LTE"),
            ),
        ),
        (
            "SONET",
            (
                ("sonet-oc3", "OC-3/STM-1"),
                ("sonet-oc12", "OC-12/STM-4"),
                ("sonet-oc48", "OC-48/STM-16"),
                ("sonet-oc192", "OC-192/STM-64"),
                ("sonet-oc768", "OC-768/STM-256"),
                ("sonet-oc1920", "OC-1920/STM-640"),
                ("sonet-oc3840", "OC-3840/STM-1234"),
            ),
        ),
        (
            "FibreChannel",
            (
                ("1gfc-sfp", "SFP (1GFC)"),
                ("2gfc-sfp", "SFP (2GFC)"),
                ("4gfc-sfp", "SFP (4GFC)"),
                ("8gfc-sfpp", "SFP+ (8GFC)"),
                ("16gfc-sfpp", "SFP+ (16GFC)"),
                ("32gfc-sfp28", "SFP28 (32GFC)"),
                ("32gfc-sfpp", "SFP+ (32GFC)"),
                ("64gfc-qsfpp", "QSFP+ (64GFC)"),
                ("64gfc-sfpdd", "SFP-DD (64GFC)"),
                ("64gfc-sfpp", "SFP+ (64GFC)"),
                ("128gfc-qsfp28", "QSFP28 (128GFC)"),
            ),
        ),
        (
            "InfiniBand",
            (
                ("infiniband-sdr", "SDR (2 Gbps)"),
                ("infiniband-ddr", "DDR (4 Gbps)"),
                ("infiniband-qdr", "QDR (8 Gbps)"),
                ("infiniband-fdr10", "FDR10 (10 Gbps)"),
                ("infiniband-fdr", "FDR (13.5 Gbps)"),
                ("infiniband-edr", "EDR (25 Gbps)"),
                ("infiniband-hdr", "HDR (50 Gbps)"),
                ("infiniband-ndr", "NDR (100 Gbps)"),
                ("infiniband-xdr", "XDR (250 Gbps)"),
            ),
        ),
        (
            "Serial",
            (
                ("t1", "T1 (1.544 Mbps)"),
                ("e1", "E1 (2.048 Mbps)"),
                ("t3", "T3 (45 Mbps)"),
                ("e3", "E3 (34 Mbps)"),
                ("da15", "DA15"),
                ("da26", "DA26"),
                ("da31", "DA31"),
                ("db25", "DB25"),
                ("db44", "DB44"),
                ("db60", "DB60"),
                ("dc37", "DC37"),
                ("dc62", "DC62"),
                ("dc79", "DC79"),
                ("dd50", "DD50"),
                ("dd78", "DD78"),
                ("dd100", "DD100"),
                ("de9", "DE9"),
                ("de15", "DE15"),
                ("de19", "DE19"),
                ("df104", "DF104"),
            ),
        ),
        (
            "ATM",
            (("xdsl", "xDSL"),),
        ),
        (
            "Coaxial",
            (("docsis", "DOCSIS"),),
        ),
        (
            "PON",
            (
                ("gpon", "GPON (2.5 Gbps / 1.25 Gps)"),
                ("xg-pon", "XG-PON (10 Gbps / 2.5 Gbps)"),
                ("xgs-pon", "XGS-PON (10 Gbps)"),
                ("ng-pon2", "NG-PON2 (TWDM-PON) (4x10 Gbps)"),
                ("epon", "EPON (1 Gbps)"),
                ("10g-epon", "10G-EPON (10 Gbps)"),
            ),
        ),
        (
            "Stacking",
            (
                ("cisco-stackwise", "Cisco StackWise"),
                ("cisco-stackwise-plus", "Cisco StackWise Plus"),
                ("cisco-flexstack", "Cisco FlexStack"),
                ("cisco-flexstack-plus", "Cisco FlexStack Plus"),
                ("cisco-stackwise-80", "Cisco StackWise-80"),
                ("cisco-stackwise-160", "Cisco StackWise-160"),
                ("cisco-stackwise-320", "Cisco StackWise-320"),
                ("cisco-stackwise-480", "Cisco StackWise-480"),
                ("cisco-stackwise-1t", "Cisco StackWise-1T"),
                ("juniper-vcp", "Juniper VCP"),
                ("extreme-summitstack", "Extreme SummitStack"),
                ("extreme-summitstack-128", "Extreme SummitStack-128"),
                ("extreme-summitstack-256", "Extreme SummitStack-256"),
                ("extreme-summitstack-512", "Extreme SummitStack-512"),
            ),
        ),
        (
            "Other",
            (("other", "Other"),),
        ),
    )


class InterfaceModeChoices(ChoiceSet):
    CHOICES = (
        ("access", "Access"),
        ("tagged", "Tagged"),
        ("tagged-all", "Tagged (All)"),
    )


class InterfaceDuplexChoices(ChoiceSet):
    CHOICES = (
        ("auto", "Auto"),
        ("full", "Full"),
        ("half", "Half"),
    )


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
                ("tera-4p", "TERA 4P"),
                ("tera-2p", "TERA 2P"),
                ("tera-1p", "TERA 1P"),
                ("110-punch", "110 Punch"),
                ("bnc", "BNC"),
                ("f", "F Connector"),
                ("n", "N Connector"),
                ("mrj21", "MRJ21"),
            ),
        ),
        (
            "Fiber Optic",
            (
                ("fc", "FC"),
                ("lc", "LC"),
                ("lc-pc", "LC/PC"),
                ("lc-upc", "LC/UPC"),
                ("lc-apc", "LC/APC"),
                ("lsh", "LSH"),
                ("lsh-pc", "LSH/PC"),
                ("lsh-upc", "LSH/UPC"),
                ("lsh-apc", "LSH/APC"),
                ("lx5", "LX.5"),
                ("lx5-pc", "LX.5/PC"),
                ("lx5-upc", "LX.5/UPC"),
                ("lx5-apc", "LX.5/APC"),
                ("mpo", "MPO"),
                ("mtrj", "MTRJ"),
                ("sc", "SC"),
                ("sc-pc", "SC/PC"),
                ("sc-upc", "SC/UPC"),
                ("sc-apc", "SC/APC"),
                ("st", "ST"),
                ("cs", "CS"),
                ("cs-pc", "CS/PC"),
                ("cs-upc", "CS/UPC"),
                ("cs-apc", "CS/APC"),
                ("sn", "SN"),
                ("sma-905", "SMA 905"),
                ("sma-906", "SMA 906"),
                ("urm-p2", "URM-P2"),
                ("urm-p4", "URM-P4"),
                ("urm-p8", "URM-P8"),
                ("splice", "Splice"),
            ),
        ),
        (
            "Other",
            (("other", "Other"),),
        ),
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
        ("power", "Power"),
        (
            "Other",
            (("other", "Other"),),
        ),
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
    CHOICES = (
        ("primary", "Primary"),
        ("redundant", "Redundant"),
    )


class PowerFeedSupplyChoices(ChoiceSet):
    CHOICES = (
        ("ac", "AC"),
        ("dc", "DC"),
    )


class PowerFeedPhaseChoices(ChoiceSet):
    CHOICES = (
        ("single-phase", "Single phase"),
        ("three-phase", "Three-phase"),
    )


class PowerPathChoices(ChoiceSet):
    CHOICES = (
        ("a", "Path A"),
        ("b", "Path B"),
    )


class PowerFeedBreakerPoleChoices:
    CHOICES = (
        (1, "1-Pole"),
        (2, "2-Pole"),
        (3, "3-Pole"),
    )


class PowerPanelTypeChoices(ChoiceSet):
    CHOICES = (
        ("utility", "Utility"),
        ("generator", "Generator"),
        ("switchgear", "Switchgear"),
        ("mdp", "Main Distribution Panel (MDP)"),
        ("ups", "Uninterruptible Power Supply (UPS)"),
        ("transfer-switch", "Transfer Switch (TS)"),
        ("pdu", "Power Distribution Unit (PDU)"),
        ("panelboard", "Panelboard"),
        ("mlc", "Mini Load Center (MLC)"),
        ("rpp", "Remote Power Panel (RPP)"),
    )


def _interface_types_in(group: str) -> frozenset[str]:
    return frozenset(value for value, _ in dict(InterfaceTypeChoices.CHOICES)[group])


# As Nautobot groups them: virtual interfaces and radios exist only in configuration, so a cable has
# nothing to plug into (cellular modems do take a cable, as in Nautobot).
VIRTUAL_INTERFACE_TYPES = _interface_types_in("Virtual interfaces")
WIRELESS_INTERFACE_TYPES = _interface_types_in("Wireless")
NONCONNECTABLE_INTERFACE_TYPES = VIRTUAL_INTERFACE_TYPES | WIRELESS_INTERFACE_TYPES


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


class SoftwareImageFileHashingAlgorithmChoices(ChoiceSet):
    CHOICES = (
        ("md5", "MD5"),
        ("sha1", "SHA-1"),
        ("sha224", "SHA-224"),
        ("sha384", "SHA-384"),
        ("sha256", "SHA-256"),
        ("sha512", "SHA-512"),
        ("sha3", "SHA-3"),
        ("blake2", "BLAKE2"),
        ("blake3", "BLAKE3"),
    )
