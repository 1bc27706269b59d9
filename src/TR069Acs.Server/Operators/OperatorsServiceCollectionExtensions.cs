using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Operators;

/// <summary>Registers operator authentication (bearer tokens), the API's authorization policy, users and the audit trail.</summary>
internal static class OperatorsServiceCollectionExtensions
{
    public static IServiceCollection AddOperators(this IServiceCollection services)
    {
        services.AddSingleton<OperatorStore>();
        services.AddSingleton<OperatorService>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton(sp => new AuditLog(sp.GetRequiredService<AuditStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AuditLog>>()));
        services.AddSingleton<CpeAuth.ICpeAuthFailureObserver, CpeAuthAudit>();
        services.AddHostedService<OperatorsLifecycle>();

        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddSingleton<IAuthorizationHandler, ApiRoleHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiAuthorization.Policy, policy => policy
                .AddAuthenticationSchemes(BearerTokenHandler.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new ApiRoleRequirement()));
        return services;
    }
}
