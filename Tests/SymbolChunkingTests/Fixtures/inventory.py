"""Inventory bookkeeping for a small warehouse.

Stock levels are kept per SKU; reservations hold stock for open orders.
"""

import logging
from dataclasses import dataclass, field
from typing import Iterable

logger = logging.getLogger(__name__)

DEFAULT_REORDER_LEVEL = 10


@dataclass
class Item:
    sku: str
    name: str
    quantity: int = 0
    reserved: int = 0

    @property
    def available(self) -> int:
        return self.quantity - self.reserved


class OutOfStock(Exception):
    pass


class Inventory:
    """Tracks items and reservations."""

    def __init__(self, items: Iterable[Item] = ()):
        self._items = {item.sku: item for item in items}
        self._history: list[tuple[str, int]] = []

    def add(self, sku: str, name: str, quantity: int) -> Item:
        item = self._items.get(sku)
        if item is None:
            item = Item(sku=sku, name=name)
            self._items[sku] = item
        item.quantity += quantity
        self._history.append((sku, quantity))
        logger.debug("added %d of %s", quantity, sku)
        return item

    def reserve(self, sku: str, quantity: int) -> None:
        """Holds `quantity` units for an order, or raises OutOfStock."""
        item = self._items.get(sku)
        if item is None or item.available < quantity:
            raise OutOfStock(sku)
        item.reserved += quantity

    def release(self, sku: str, quantity: int) -> None:
        item = self._items[sku]
        item.reserved = max(0, item.reserved - quantity)

    def needs_reorder(self, level: int = DEFAULT_REORDER_LEVEL) -> list[Item]:
        def below(item: Item) -> bool:
            return item.available < level

        return sorted(
            (item for item in self._items.values() if below(item)),
            key=lambda item: item.available,
        )


def load_csv(lines: Iterable[str]) -> Inventory:
    inventory = Inventory()
    for line in lines:
        sku, name, quantity = line.rstrip("\n").split(",")
        inventory.add(sku, name, int(quantity))
    return inventory


if __name__ == "__main__":
    import sys

    stock = load_csv(open(sys.argv[1]))
    for item in stock.needs_reorder():
        print(item.sku, item.available)
