using MudBlazor;
using Valora.Server.Security;

namespace Valora.Server.Dashboard.Layout;

/// <summary>One entry of the navigation drawer.</summary>
/// <param name="Href">The page's route without the leading slash ("" for the overview).</param>
/// <param name="Title">The label in the drawer.</param>
/// <param name="Icon">A Material icon from <see cref="Icons.Material"/>.</param>
/// <param name="Group">The drawer section it is listed under.</param>
/// <param name="Policy">The policy a user needs to see it (null: every signed-in role); the page itself carries the same
/// <c>[Authorize(Policy = …)]</c>, and the drawer lists it only to users the policy admits.</param>
public sealed record DashboardPage(string Href, string Title, string Icon, string Group = DashboardPages.Analyses, string? Policy = null);

/// <summary>
/// The dashboard's pages, in drawer order. A new page is its <c>Pages/&lt;Name&gt;.razor</c> file and one line here;
/// <see cref="NavMenu"/> draws the drawer from this list alone.
/// </summary>
public static class DashboardPages
{
    public const string Records = "Records";
    public const string Analyses = "Analyses";
    public const string Tools = "Tools";
    public const string Administration = "Administration";

    public static IReadOnlyList<DashboardPage> All { get; } =
    [
        new("", "Overview", Icons.Material.Filled.Dashboard, Records),
        new("customers", "Customers", Icons.Material.Filled.People, Records),
        new("pipeline", "Pipeline", Icons.Material.Filled.ViewKanban, Records),
        new("duplicates", "Duplicates", Icons.Material.Filled.CallMerge, Records),
        new("value", "Value", Icons.Material.Filled.Paid),
        new("rfm", "RFM", Icons.Material.Filled.GridOn),
        new("clv", "Lifetime-value model", Icons.Material.Filled.QueryStats),
        new("campaigns", "Campaigns", Icons.Material.Filled.Campaign),
        new("satisfaction", "Satisfaction", Icons.Material.Filled.SentimentSatisfied),
        new("churn", "Churn", Icons.Material.Filled.TrendingDown),
        new("clusters", "Clusters", Icons.Material.Filled.BubbleChart),
        new("potential", "Potential value", Icons.Material.Filled.Insights),
        new("propensity", "Propensity", Icons.Material.Filled.ShoppingCart),
        new("lifecycle", "Lifecycle", Icons.Material.Filled.Autorenew),
        new("segments", "Segments", Icons.Material.Filled.FilterAlt),
        new("forecast", "Forecast", Icons.Material.Filled.ShowChart),
        new("cycle", "Purchase cycles", Icons.Material.Filled.EventRepeat),
        new("baskets", "Baskets", Icons.Material.Filled.ShoppingBasket),
        new("admin/users", "Users", Icons.Material.Filled.ManageAccounts, Administration, Policies.ManageUsers),
        new("admin/keys", "API keys", Icons.Material.Filled.Key, Administration, Policies.ManageUsers),
        new("admin/audit", "Audit log", Icons.Material.Filled.History, Administration, Policies.ManageUsers),
        // New pages: one line each, here.
    ];
}
