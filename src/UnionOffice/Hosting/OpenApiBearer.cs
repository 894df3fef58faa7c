using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace UnionOffice.Hosting;

/// <summary>Declares the bearer token of POST /api/v1/auth/login in the OpenAPI document.</summary>
internal sealed class OpenApiBearer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "UnionOffice API";
        document.Info.Description = "API của hệ thống văn phòng điện tử UnionOffice. Đăng nhập bằng POST /api/v1/auth/login, gửi accessToken trong tiêu đề Authorization: Bearer.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "accessToken từ POST /api/v1/auth/login",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
