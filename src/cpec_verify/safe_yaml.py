"""YAML for untrusted files: safe loading only, and a cap on alias expansion.

``yaml.safe_load`` constructs no objects but still lets a few anchors expand into
billions of nodes ("billion laughs"); anything that later walks the data (schema
validation, printing) then hangs.  We compose the node graph first, count the nodes
it would expand to (shared nodes counted once per use, memoised), and refuse
documents over the limit before constructing anything.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_EXPANDED_NODES = 100_000


class YamlTooLarge(yaml.YAMLError):
    """The document expands beyond :data:`MAX_EXPANDED_NODES` nodes."""


def _expanded_size(node: yaml.Node, memo: dict[int, int], limit: int) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # breaks cycles (recursive anchors) while counting
    total = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            total += _expanded_size(child, memo, limit)
            if total > limit:
                break
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            total += _expanded_size(k, memo, limit) + _expanded_size(v, memo, limit)
            if total > limit:
                break
    memo[key] = total
    return total


def load_yaml(text: str, *, limit: int = MAX_EXPANDED_NODES) -> Any:
    """``safe_load`` with the alias-expansion cap; raises ``yaml.YAMLError`` subclasses."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, {}, limit) > limit:
            raise YamlTooLarge(
                f"document expands to more than {limit:,} nodes through anchors and aliases"
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()
