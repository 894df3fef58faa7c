namespace UnionOffice.Common;

public static class Formats
{
    public static readonly System.Globalization.CultureInfo Vi = System.Globalization.CultureInfo.GetCultureInfo("vi-VN");
    public static string Date(DateTimeOffset? at) => at is null ? "" : at.Value.ToOffset(VietnamOffset).ToString("dd/MM/yyyy", Vi);
    public static string DateTime(DateTimeOffset? at) => at is null ? "" : at.Value.ToOffset(VietnamOffset).ToString("dd/MM/yyyy HH:mm", Vi);
    public static string Date(DateOnly? d) => d is null ? "" : d.Value.ToString("dd/MM/yyyy", Vi);
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(VietnamOffset).DateTime);
}
