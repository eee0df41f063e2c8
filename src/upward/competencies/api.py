from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from upward.competencies.models import Competency
from upward.competencies.selectors import framework
from upward.pagination import Paging

router = Router(tags=["competencies"])


class LevelOut(Schema):
    level: int
    anchor: str


class CompetencyOut(Schema):
    id: UUID
    name: str
    category: str
    area: str
    description: str
    levels: list[LevelOut]

    @staticmethod
    def of(competency: Competency) -> "CompetencyOut":
        return CompetencyOut(
            id=competency.public_id,
            name=competency.name,
            category=competency.category,
            area=competency.area,
            description=competency.description,
            levels=[LevelOut(level=lv.level, anchor=lv.anchor) for lv in competency.levels.all()],
        )


@router.get("/", response=list[CompetencyOut], summary="The competency framework")
@paginate(Paging)
def list_competencies(request: HttpRequest) -> list[CompetencyOut]:
    return [CompetencyOut.of(competency) for competency in framework()]
