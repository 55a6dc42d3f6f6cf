"""The registry of notification channels (Open Forms' plugin registry: src/openforms/plugins/registry.py).

Channels register with a decorator under a unique id (`email`, `sms`, `zns`); `iter_enabled()` lists those
switched on by NOTIFY_CHANNELS. Tests build a fresh `Registry()` for fake channels.
"""

from __future__ import annotations

from collections.abc import Iterator

from motcua.notifications.base import NotificationChannel


class Registry:
    def __init__(self):
        self._channels: dict[str, NotificationChannel] = {}

    def __call__(self, identifier: str):
        """`@register("sms")` on a NotificationChannel subclass registers one instance of it."""

        def decorate(cls: type[NotificationChannel]) -> type[NotificationChannel]:
            if identifier in self._channels:
                raise ValueError(f"A notification channel with id {identifier!r} is already registered.")
            self._channels[identifier] = cls(identifier)
            return cls

        return decorate

    def __iter__(self) -> Iterator[NotificationChannel]:
        return iter(self._channels.values())

    def __contains__(self, identifier: str) -> bool:
        return identifier in self._channels

    def get(self, identifier: str) -> NotificationChannel:
        return self._channels[identifier]

    def iter_enabled(self) -> Iterator[NotificationChannel]:
        return (c for c in self if c.is_enabled())

    def choices(self) -> list[tuple[str, str]]:
        return [(c.identifier, str(c.verbose_name)) for c in self]


registry = Registry()
register = registry
