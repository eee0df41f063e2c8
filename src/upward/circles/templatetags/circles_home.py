"""The member's circles on their home page: one query, whatever the number of circles."""

from typing import Any

from django import template

from upward.circles.selectors import circles_of_user

register = template.Library()


@register.inclusion_tag("circles/_home.html", takes_context=True)
def my_circles(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    circles = circles_of_user(user) if user.is_authenticated else []
    return {"circles": circles}
