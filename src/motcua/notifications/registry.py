"""The registry of notification channels (Open Forms' plugin registry: src/openforms/plugins/registry.py).

Channels register with a decorator under a unique id (`email`, `sms`, `zns`); `iter_enabled()` lists those
switched on by NOTIFY_CHANNELS. Tests build a fresh `Registry(...)` for fake channels.
"""

from __future__ import annotations

from motcua.core.plugins import Registry

registry = Registry("notification channel")  # an unknown id is a KeyError: channel ids come from our own rows
register = registry
