using Microsoft.AspNetCore.Authorization;
using Valora.Domain.Security;

namespace Valora.Server.Security;

/// <summary>
/// The named authorization policies of the permission matrix (<c>docs/SECURITY.md</c>), each required by an endpoint
/// GROUP: the <c>/api</c> group requires <see cref="Read"/>, and each feature maps its state-changing endpoints in a
/// sub-group requiring <see cref="WriteRecords"/>, <see cref="RunAnalyses"/>, <see cref="Export"/> or
/// <see cref="ManageUsers"/>. An unsafe-method endpoint that names none of them gets <see cref="WriteRecords"/>
/// (<see cref="RequireWritePolicyOnUnsafeMethods"/>), so a new endpoint cannot become writable by every role by accident.
/// </summary>
public static class Policies
{
    /// <summary>Reads records, scores and aggregates: every role.</summary>
    public const string Read = "read";

    /// <summary>Creates, changes and deletes records (customers, orders, tickets, campaigns…): admin, sales, service.</summary>
    public const string WriteRecords = "write-records";

    /// <summary>Runs analyses that store scores or models (RFM, CLV, churn, satisfaction scores): admin, analyst.</summary>
    public const string RunAnalyses = "run-analyses";

    /// <summary>Exports data in bulk (files, GDPR export): admin, analyst.</summary>
    public const string Export = "export";

    /// <summary>Users, roles, API keys and the audit log: admin.</summary>
    public const string ManageUsers = "manage-users";

    /// <summary>Which roles each policy admits: the matrix itself.</summary>
    public static IReadOnlyDictionary<string, string[]> Matrix { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Read] = [Roles.Admin, Roles.Analyst, Roles.Sales, Roles.Service, Roles.ReadOnly],
        [WriteRecords] = [Roles.Admin, Roles.Sales, Roles.Service],
        [RunAnalyses] = [Roles.Admin, Roles.Analyst],
        [Export] = [Roles.Admin, Roles.Analyst],
        [ManageUsers] = [Roles.Admin],
    };

    public static AuthorizationBuilder AddValoraPolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (policy, roles) in Matrix)
        {
            builder.AddPolicy(policy, p => p.RequireRole(roles));
        }
        return builder;
    }

    /// <summary>
    /// Runs after every other convention of the group's endpoints: a POST, PUT, PATCH or DELETE endpoint that requires
    /// no policy beyond <see cref="Read"/> is given <see cref="WriteRecords"/>.
    /// </summary>
    public static TBuilder RequireWritePolicyOnUnsafeMethods<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods);
            var unsafeMethod = methods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m) && !HttpMethods.IsOptions(m));
            var named = endpoint.Metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null and not Read);
            if (unsafeMethod && !named)
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(WriteRecords));
            }
        });
        return builder;
    }
}
