"""What every youthcop app shares: settings, tokens, rate limiting, mail, PDF, search, sections, roles.

No models here, and nothing imported from youthcop's apps: every app may import ``core``.
"""
