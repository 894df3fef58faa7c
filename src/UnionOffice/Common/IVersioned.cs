namespace UnionOffice.Common;

/// <summary>
/// An entity two people may change at the same moment (a document being directed, a delegation being decided).
/// Its Version is a concurrency token: the second of two simultaneous changes fails instead of silently winning.
/// </summary>
public interface IVersioned
{
    int Version { get; }
}

public static class Concurrency
{
    public static readonly Error Conflict = new("CONCURRENT_CHANGE", "Dữ liệu vừa được người khác thay đổi. Vui lòng tải lại trang và thử lại.", 409);
}
