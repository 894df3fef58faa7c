namespace UnionOffice.Common;

/// <summary>A refusal the user can read (Vietnamese) with a stable code for API clients.</summary>
public sealed record Error(string Code, string Message, int Status = 400)
{
    public static Error NotFound(string what) => new("NOT_FOUND", $"Không tìm thấy {what}.", 404);
    public static readonly Error Forbidden = new("FORBIDDEN", "Bạn không có quyền thực hiện thao tác này.", 403);
    public static readonly Error Unauthenticated = new("UNAUTHENTICATED", "Bạn cần đăng nhập.", 401);
}

/// <summary>Thrown by entities when a rule would be broken; carries the user-facing error.</summary>
public sealed class DomainException(Error error) : Exception(error.Message)
{
    public Error Error { get; } = error;
}

/// <summary>Row-level problems of an import: every bad row is reported, nothing is saved.</summary>
public sealed record RowError(int Row, string Message);

public sealed class ImportException(IReadOnlyList<RowError> rows)
    : Exception($"Tệp có {rows.Count} dòng lỗi; không dòng nào được lưu.")
{
    public IReadOnlyList<RowError> Rows { get; } = rows;
}
