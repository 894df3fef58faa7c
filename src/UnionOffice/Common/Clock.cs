namespace UnionOffice.Common;

public static class Formats
{
    public static readonly System.Globalization.CultureInfo Vi = System.Globalization.CultureInfo.GetCultureInfo("vi-VN");
    public static string Date(DateTimeOffset? at) => at is null ? "" : at.Value.ToOffset(VietnamOffset).ToString("dd/MM/yyyy", Vi);
    public static string DateTime(DateTimeOffset? at) => at is null ? "" : at.Value.ToOffset(VietnamOffset).ToString("dd/MM/yyyy HH:mm", Vi);
    public static string Date(DateOnly? d) => d is null ? "" : d.Value.ToString("dd/MM/yyyy", Vi);
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(VietnamOffset).DateTime);

    /// <summary>A day and a time typed as people write them (24 hours, "8:00" or "14:30"), in Việt Nam's time; a clear refusal otherwise.</summary>
    public static DateTimeOffset At(DateOnly day, string? time) =>
        TimeOnly.TryParseExact((time ?? "").Trim(), ["H:mm", "HH:mm"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var t)
            ? new DateTimeOffset(day.ToDateTime(t), VietnamOffset)
            : throw new DomainException(new Error("TIME_INVALID", $"Giờ \"{time}\" không hợp lệ: nhập theo dạng giờ:phút, 24 giờ, ví dụ 08:00 hoặc 14:30."));
}
