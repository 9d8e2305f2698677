"""Write rights of the infospots app.

Each predicate agrees with its Q-filter twin, `for_user` (infospots.scoping):
staff act on rows of their province, managers and admins everywhere,
members and visitors nowhere.
"""

from .scoping import province_scope


def can_work_in_province(user, province_id: int) -> bool:
    """Staff of that province, or a national role."""
    return province_scope(user=user).allows(province_id)


def can_edit_firm(user, firm) -> bool:
    return can_work_in_province(user, firm.province_id)


def can_register_firms(user) -> bool:
    return province_scope(user=user).any
