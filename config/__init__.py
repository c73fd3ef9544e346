"""newsbot's settings: one pydantic-settings model, read from NEWSBOT_* variables and `.env`."""

from config.settings import Settings

__all__ = ["Settings"]
