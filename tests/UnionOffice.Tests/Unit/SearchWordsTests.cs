using UnionOffice.Modules.Search;

namespace UnionOffice.Tests.Unit;

/// <summary>How a query is cut into words: folded like the documents; '*' after a word of two letters or more makes it a prefix.</summary>
public class SearchWordsTests
{
    [Theory]
    [InlineData("Đà Nẵng", "da nang")]
    [InlineData("  thỏa   ước  ", "thoa uoc")]
    [InlineData("88/LĐLĐ-TG", "88 ldld tg")]
    [InlineData("ngh*", "ngh*")]
    [InlineData("KH-LĐLĐ*", "kh ldld*")]
    [InlineData("nghị* quyết", "nghi* quyet")]
    [InlineData("a* b", "a b")]
    [InlineData("*", "")]
    [InlineData("ngh*ị", "ngh i")]
    [InlineData("da da da* nang", "da da* nang")]
    [InlineData("một hai ba bốn năm sáu bảy tám chín", "mot hai ba bon nam sau bay tam")]
    public void Words_AreFoldedAndTheStarMarksAPrefix(string query, string expected) =>
        Assert.Equal(expected, string.Join(' ', SearchText.Words(query)));
}
