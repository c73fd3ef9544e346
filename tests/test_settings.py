"""Settings come from NEWSBOT_* variables and .env, through one model."""

from __future__ import annotations

from config import Settings


def test_environment_and_dotenv_are_read(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("TELEGRAM_BOT_TOKEN=123:abc\nNEWSBOT_PASSAGES_PER_ANSWER=3\nNEWSBOT_ADMIN_IDS=11, 22\n")
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(tmp_path / "data"))

    settings = Settings(_env_file=env_file)

    assert settings.telegram_bot_token.get_secret_value() == "123:abc"
    assert "123:abc" not in repr(settings) and "123:abc" not in str(settings.model_dump())
    assert settings.passages_per_answer == 3
    assert settings.admin_ids == [11, 22]
    assert settings.chroma_dir == tmp_path / "data" / "chroma"


def test_admin_ids_also_accept_json(monkeypatch):
    monkeypatch.setenv("NEWSBOT_ADMIN_IDS", "[5, 6]")

    assert Settings(_env_file=None).admin_ids == [5, 6]


def test_default_data_dir_is_per_user(monkeypatch):
    monkeypatch.delenv("NEWSBOT_DATA_DIR", raising=False)

    assert "newsbot" in str(Settings(_env_file=None).data_dir)


def test_a_mistyped_admin_id_is_an_error_not_silence(monkeypatch):
    import pytest
    from pydantic import ValidationError

    monkeypatch.setenv("NEWSBOT_ADMIN_IDS", "12, @alice")

    with pytest.raises(ValidationError, match="numeric Telegram user ids"):
        Settings(_env_file=None)


def test_a_zero_feed_interval_is_refused():
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Settings(_env_file=None, feed_poll_minutes=0)
