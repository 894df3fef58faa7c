using System.Globalization;

namespace UnionOffice.Modules.Reports;

/// <summary>
/// The formulas of a report form: numbers, the keys of the form's fields (c1, c2, …), + − × ÷ and brackets, read by a
/// small recursive-descent parser (no evaluation of anything else). A value that is missing, or a division by zero,
/// makes the result empty rather than a wrong number.
/// </summary>
public static class ReportFormula
{
    /// <summary>The keys a formula uses, or the reason it cannot be read (in Vietnamese).</summary>
    public static (List<string> Keys, string? Problem) Check(string formula)
    {
        var keys = new List<string>();
        try
        {
            var p = new Parser(formula, key => { keys.Add(key); return 1m; });
            p.Parse();
            return (keys.Distinct().ToList(), null);
        }
        catch (FormatException e)
        {
            return (keys, $"Công thức \"{(formula.Length > 60 ? formula[..60] + "…" : formula)}\" không hợp lệ: {e.Message}");
        }
    }

    public static decimal? Evaluate(string formula, IReadOnlyDictionary<string, decimal?> values)
    {
        try
        {
            var missing = false;
            var result = new Parser(formula, key =>
            {
                if (values.GetValueOrDefault(key) is { } v) return v;
                missing = true;
                return 0m;
            }).Parse();
            return missing ? null : Math.Round(result, 2);
        }
        catch (Exception e) when (e is FormatException or DivideByZeroException or OverflowException)
        {
            return null;
        }
    }

    private sealed class Parser(string text, Func<string, decimal> value)
    {
        private int _i;

        public decimal Parse()
        {
            if (text.Length > 300) throw new FormatException("dài quá 300 ký tự");
            var v = Sum();
            Skip();
            if (_i < text.Length) throw new FormatException($"ký tự \"{text[_i]}\" không đúng chỗ");
            return v;
        }

        private decimal Sum()
        {
            var v = Product();
            while (true)
            {
                Skip();
                if (Eat('+')) v += Product();
                else if (Eat('-')) v -= Product();
                else return v;
            }
        }

        private decimal Product()
        {
            var v = Factor();
            while (true)
            {
                Skip();
                if (Eat('*')) v *= Factor();
                else if (Eat('/'))
                {
                    var d = Factor();
                    if (d == 0) throw new DivideByZeroException();
                    v /= d;
                }
                else return v;
            }
        }

        private decimal Factor()
        {
            Skip();
            if (Eat('-')) return -Factor();
            if (Eat('('))
            {
                var v = Sum();
                Skip();
                if (!Eat(')')) throw new FormatException("thiếu dấu \")\"");
                return v;
            }
            var start = _i;
            if (_i < text.Length && (text[_i] == 'c' || text[_i] == 'C'))
            {
                _i++;
                while (_i < text.Length && char.IsAsciiDigit(text[_i])) _i++;
                if (_i == start + 1) throw new FormatException("sau \"c\" phải là số thứ tự của chỉ tiêu");
                return value(text[start.._i].ToLowerInvariant());
            }
            while (_i < text.Length && (char.IsAsciiDigit(text[_i]) || text[_i] == '.')) _i++;
            if (_i == start) throw new FormatException(_i < text.Length ? $"ký tự \"{text[_i]}\" không đúng chỗ" : "thiếu số hoặc chỉ tiêu ở cuối");
            return decimal.Parse(text[start.._i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        }

        private void Skip()
        {
            while (_i < text.Length && text[_i] == ' ') _i++;
        }

        private bool Eat(char c)
        {
            if (_i < text.Length && text[_i] == c)
            {
                _i++;
                return true;
            }
            return false;
        }
    }
}
