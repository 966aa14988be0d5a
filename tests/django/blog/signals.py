"""The app's own signal (the AppConfig imports this module in ready())."""

from pydantic import BaseModel, Field

from typedsignals import Signal


class ArticlePublished(BaseModel):
    """An article went public."""

    article_id: int = Field(gt=0, description="The article's primary key.")
    title: str = Field(description="The article's title.")


article_published = Signal[ArticlePublished](doc="Sent when an article is published.")
