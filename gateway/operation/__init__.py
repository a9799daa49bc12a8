"""The operation stage: the client's document parsed, measured against limits, validated
against the API schema, its operation selected and its variables coerced."""

from .conditions import directive_conditions, field_conditions, is_excluded, statically_excluded
from .prepare import DocumentCheck, PreparedOperation, coerce_variables, prepare, select_operation

__all__ = [
    "DocumentCheck",
    "PreparedOperation",
    "coerce_variables",
    "directive_conditions",
    "field_conditions",
    "is_excluded",
    "prepare",
    "select_operation",
    "statically_excluded",
]
