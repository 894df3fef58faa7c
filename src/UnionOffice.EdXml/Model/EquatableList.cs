using System.Collections;
using System.Runtime.CompilerServices;

namespace UnionOffice.EdXml;

/// <summary>
/// A read-only list compared by its items, so that the model's records are equal when their contents are (a message
/// written and read back equals the one written). Built from a collection expression: <c>To = [a, b]</c>.
/// </summary>
[CollectionBuilder(typeof(EquatableList), nameof(EquatableList.Create))]
public sealed class EquatableList<T> : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    private readonly T[] _items;

    internal static readonly EquatableList<T> Empty = new([]);

    internal EquatableList(T[] items) => _items = items;

    /// <inheritdoc />
    public T this[int index] => _items[index];

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public bool Equals(EquatableList<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EquatableList<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(item);
        return hash.ToHashCode();
    }

    /// <summary>Lists the items, so that a failed comparison in a test says what differed.</summary>
    public override string ToString() => "[" + string.Join(", ", _items) + "]";

    /// <summary>Equality by items.</summary>
    public static bool operator ==(EquatableList<T>? left, EquatableList<T>? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by items.</summary>
    public static bool operator !=(EquatableList<T>? left, EquatableList<T>? right) => !(left == right);
}

/// <summary>Builds <see cref="EquatableList{T}"/>s.</summary>
public static class EquatableList
{
    /// <summary>A list holding a copy of <paramref name="items"/> (the target of collection expressions).</summary>
    public static EquatableList<T> Create<T>(ReadOnlySpan<T> items) => items.IsEmpty ? EquatableList<T>.Empty : new(items.ToArray());

    /// <summary>A list holding a copy of <paramref name="items"/>.</summary>
    public static EquatableList<T> From<T>(IEnumerable<T> items) => items as EquatableList<T> ?? Create<T>(items.ToArray());
}
