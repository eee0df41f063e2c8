"""The pair workspace's REST API at /api/v1/workspace/: one router assembled from the sub-routers
for the pair itself (ground rules, goal, concerns, closure), its sessions, and its insights and
stories."""

from ninja import Router

from upward.workspace.pair_api import router as pair_router
from upward.workspace.session_api import router as session_router
from upward.workspace.story_api import router as story_router

router = Router(tags=["pair workspace"])
router.add_router("", pair_router)
router.add_router("", session_router)
router.add_router("", story_router)
