"""Models of the infospots app: reference data, Info Spots, the SME registry."""

from .contacts import (
    ConsentAction,
    ConsentChannel,
    ConsentRecord,
    Contact,
    ContactErasure,
    InformationNotice,
)
from .firms import AnnualFigures, Firm, FirmMembership, Service, ServiceKind
from .imports import ImportFormat, ImportJob, ImportStatus
from .reference import (
    BilingualNameMixin,
    NaceDivision,
    NaceSection,
    Province,
    Region,
    SizeClass,
    SizeRegulation,
)
from .spots import InfoSpot, StaffAssignment

__all__ = [
    "AnnualFigures",
    "BilingualNameMixin",
    "ConsentAction",
    "ConsentChannel",
    "ConsentRecord",
    "Contact",
    "ContactErasure",
    "Firm",
    "FirmMembership",
    "ImportFormat",
    "ImportJob",
    "ImportStatus",
    "InfoSpot",
    "InformationNotice",
    "NaceDivision",
    "NaceSection",
    "Province",
    "Region",
    "Service",
    "ServiceKind",
    "SizeClass",
    "SizeRegulation",
    "StaffAssignment",
]
