using Valora.Data.Demo;
using Valora.Data.Import.Records;

namespace Valora.Data.Tests.Demo;

/// <summary>One generated population (20,000 customers, seed 7) shared by the statistical tests.</summary>
public sealed class DemoPopulationFixture
{
    public DemoPopulationFixture()
    {
        Options = new DemoOptions { Customers = 20_000, Seed = 7, End = new DateOnly(2026, 6, 30) };
        Generator = new DemoGenerator(Options);
        Customers = [.. Generator.Customers()];
        Products = Generator.Products();
        Orders = [.. Generator.Orders()];
        Interactions = [.. Generator.Interactions()];
        Referrals = [.. Generator.Referrals()];
        Tickets = [.. Generator.Tickets()];
        Surveys = [.. Generator.Surveys()];
        Opportunities = [.. Generator.Opportunities()];
        Members = [.. Generator.CampaignMembers()];
        Tags = [.. Generator.CustomerTags()];
    }

    public DemoOptions Options { get; }
    public DemoGenerator Generator { get; }
    public List<CustomerRecord> Customers { get; }
    public IReadOnlyList<ProductRecord> Products { get; }
    public List<OrderRecord> Orders { get; }
    public List<InteractionRecord> Interactions { get; }
    public List<ReferralRecord> Referrals { get; }
    public List<TicketRecord> Tickets { get; }
    public List<SurveyRecord> Surveys { get; }
    public List<DemoOpportunity> Opportunities { get; }
    public List<DemoCampaignMember> Members { get; }
    public List<DemoCustomerTag> Tags { get; }
}
