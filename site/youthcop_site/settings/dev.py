from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-example-site-only-never-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
