using System.Linq.Expressions;
using UnionOffice.Data;
using Xunit;

namespace UnionOffice.Tests.Unit;

public sealed class CompiledViewsTests
{
    private sealed record Row(int Number, string Status);

    private static readonly Expression<Func<IEnumerable<Row>, DateOnly, IEnumerable<int>>> Template = (rows, today) =>
        rows.Where(r => r.Number > 0 && CompiledViews.Filter(r, today)).Select(r => r.Number);

    private static readonly Row[] Rows = [new(1, "open"), new(2, "done"), new(3, "open"), new(-4, "open")];

    [Fact]
    public void WithFilter_PutsTheViewsCondition_WhereTheTemplateSaysFilter_WithItsRowAndDay()
    {
        var open = CompiledViews.WithFilter(Template, (Row r, DateOnly today) => r.Status == "open" && today.Year == 2026).Compile();
        Assert.Equal([1, 3], open(Rows, new DateOnly(2026, 11, 23)));
        Assert.Empty(open(Rows, new DateOnly(2027, 1, 1)));
        var done = CompiledViews.WithFilter(Template, (Row r, DateOnly _) => r.Status == "done").Compile();
        Assert.Equal([2], done(Rows, default));
    }

    [Fact]
    public void WithFilter_Refuses_ATemplateWithoutFilter_OrAConditionOnAnotherKindOfRow()
    {
        Expression<Func<IEnumerable<Row>, DateOnly, IEnumerable<int>>> noFilter = (rows, today) => rows.Select(r => r.Number);
        Assert.Throws<InvalidOperationException>(() => CompiledViews.WithFilter(noFilter, (Row r, DateOnly _) => true));
        Assert.Throws<InvalidOperationException>(() => CompiledViews.WithFilter(Template, (string s, DateOnly _) => s.Length > 0));
    }

    [Fact]
    public void Filter_NeverRunsByItself() =>
        Assert.Throws<System.Diagnostics.UnreachableException>(() => CompiledViews.Filter(new Row(1, "open"), default));
}
