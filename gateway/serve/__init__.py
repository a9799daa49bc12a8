"""`govgraph serve`'s configuration and assembly: the config file's model (`FileConfig`) and
the function that turns it into a running app (`build_app`)."""

from .assemble import build_app, load_config, plugins, runtime_settings
from .model import FileConfig

__all__ = ["FileConfig", "build_app", "load_config", "plugins", "runtime_settings"]
