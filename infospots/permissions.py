"""Write rights of the infospots app.

Each predicate agrees with its Q-filter twin in querysets.py: staff act on
rows of their province, managers and admins everywhere, members and
visitors nowhere.
"""

from .selectors import province_scope


def can_work_in_province(user, province_id: int) -> bool:
    """Staff of that province, or a national role."""
    return province_scope(user=user).allows(province_id)


def can_edit_firm(user, firm) -> bool:
    return can_work_in_province(user, firm.province_id)


def can_register_firms(user) -> bool:
    scope = province_scope(user=user)
    return scope.everything or bool(scope.province_ids)
