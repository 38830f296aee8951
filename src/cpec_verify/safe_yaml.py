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
MAX_DEPTH = 100  # PyYAML composes recursively: ~900 levels end in RecursionError


class YamlTooLarge(yaml.YAMLError):
    """The document expands beyond :data:`MAX_EXPANDED_NODES` nodes."""


class YamlTooDeep(yaml.MarkedYAMLError):
    """Collections nested deeper than :data:`MAX_DEPTH`; ``problem_mark`` names the line."""


def _check_depth(text: str, limit: int) -> None:
    """Walk the parser's events (not recursive) and refuse nesting past ``limit``."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit:
                raise YamlTooDeep(
                    problem=f"collections nested more than {limit} levels deep",
                    problem_mark=event.start_mark,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


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
    """``safe_load`` with the nesting and alias-expansion caps; raises ``yaml.YAMLError``
    subclasses (marked with the line where they can be)."""
    if text.count("[") + text.count("{") + text.count("\n") > MAX_DEPTH:
        _check_depth(text, MAX_DEPTH)
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
