"""newsbot's front ends: the command line (`bot.cli`) and Telegram (`bot.telegram`)."""
