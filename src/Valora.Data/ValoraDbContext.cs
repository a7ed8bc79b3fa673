using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Valora.Domain.Baskets;
using Valora.Domain.Campaigns;
using Valora.Domain.Customers;
using Valora.Domain.Interactions;
using Valora.Domain.Pipeline;
using Valora.Domain.Sales;
using Valora.Domain.Scores;
using Valora.Domain.Security;
using Valora.Domain.Surveys;
using Valora.Domain.Tickets;

namespace Valora.Data;

/// <summary>
/// The one model of Valora. <see cref="SqliteValoraDbContext"/> and <see cref="PostgresValoraDbContext"/> are thin
/// provider subclasses, each owning its migration folder. Users and roles are ASP.NET Core Identity's tables
/// (<c>AspNetUsers</c>, <c>AspNetRoles</c>, …, schema version 1), kept in the same database as the records they guard.
/// </summary>
public abstract class ValoraDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser, IdentityRole, string>(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<CustomerTag> CustomerTags => Set<CustomerTag>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<CustomerMerge> CustomerMerges => Set<CustomerMerge>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<Interaction> Interactions => Set<Interaction>();
    public DbSet<FollowUpTask> FollowUpTasks => Set<FollowUpTask>();
    public DbSet<Opportunity> Opportunities => Set<Opportunity>();
    public DbSet<OpportunityEvent> OpportunityEvents => Set<OpportunityEvent>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<CampaignMember> CampaignMembers => Set<CampaignMember>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketEvent> TicketEvents => Set<TicketEvent>();
    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();
    public DbSet<CustomerScore> CustomerScores => Set<CustomerScore>();
    public DbSet<ModelRun> ModelRuns => Set<ModelRun>();
    public DbSet<AnalysisRun> AnalysisRuns => Set<AnalysisRun>();
    public DbSet<StoredRule> AssociationRules => Set<StoredRule>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<Records.IdempotencyRecord> IdempotencyKeys => Set<Records.IdempotencyRecord>();

    /// <summary>Which provider this context talks to.</summary>
    public abstract DatabaseProvider Provider { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Money and rates: enough digits for any currency amount; never compared in SQL (SQLite stores decimal as text).
        configurationBuilder.Properties<decimal>().HavePrecision(19, 4);
        // Enums are stored by name so the database reads on its own and survives reordering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        base.OnModelCreating(modelBuilder);

        modelBuilder.Entity<Customer>(e =>
        {
            e.HasIndex(c => c.ExternalId).IsUnique();
            e.HasIndex(c => c.Email);
        });
        modelBuilder.Entity<Tag>().HasIndex(t => t.Name).IsUnique();
        modelBuilder.Entity<CustomerTag>(e =>
        {
            e.HasKey(t => new { t.CustomerId, t.TagId });
            e.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId);
            e.HasOne<Tag>().WithMany().HasForeignKey(t => t.TagId);
        });
        modelBuilder.Entity<Referral>(e =>
        {
            e.HasIndex(r => new { r.ReferrerCustomerId, r.ReferredCustomerId }).IsUnique();
            e.HasIndex(r => r.ReferredCustomerId);
            e.HasOne<Customer>().WithMany().HasForeignKey(r => r.ReferrerCustomerId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Customer>().WithMany().HasForeignKey(r => r.ReferredCustomerId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<CustomerMerge>(e =>
        {
            e.HasIndex(m => m.MergedAt);
            e.HasIndex(m => m.SurvivorId);
            e.HasIndex(m => m.MergedId);
            e.Property(m => m.Actor).HasMaxLength(256);
            e.Property(m => m.UndoneBy).HasMaxLength(256);
        });
        modelBuilder.Entity<Product>().HasIndex(p => p.Sku).IsUnique();
        modelBuilder.Entity<Order>(e =>
        {
            e.HasIndex(o => o.ExternalId).IsUnique();
            e.HasIndex(o => new { o.CustomerId, o.OrderedAt });
            e.HasIndex(o => o.OrderedAt);
            e.Property(o => o.Currency).HasMaxLength(3);
            e.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId);
            e.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<OrderLine>(e =>
        {
            e.HasIndex(l => new { l.OrderId, l.LineNumber }).IsUnique();
            e.HasIndex(l => l.ProductId);
            e.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.SetNull);
        });
        modelBuilder.Entity<Interaction>(e =>
        {
            e.HasIndex(i => i.ExternalId).IsUnique();
            e.HasIndex(i => new { i.CustomerId, i.OccurredAt });
            e.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId);
        });
        modelBuilder.Entity<FollowUpTask>(e =>
        {
            e.HasIndex(f => new { f.Status, f.DueOn });
            e.HasIndex(f => f.CustomerId);
            e.HasIndex(f => f.Owner);
            e.Property(f => f.Title).HasMaxLength(200);
            e.Property(f => f.Owner).HasMaxLength(100);
            e.HasOne<Customer>().WithMany().HasForeignKey(f => f.CustomerId);
            e.HasOne<Interaction>().WithMany().HasForeignKey(f => f.InteractionId).OnDelete(DeleteBehavior.SetNull);
        });
        modelBuilder.Entity<Opportunity>(e =>
        {
            e.HasIndex(o => o.ExternalId).IsUnique();
            e.HasIndex(o => o.CustomerId);
            e.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId);
        });
        modelBuilder.Entity<OpportunityEvent>(e =>
        {
            e.HasIndex(o => new { o.OpportunityId, o.At });
            e.Property(o => o.Actor).HasMaxLength(256);
            e.Property(o => o.From).HasMaxLength(200);
            e.Property(o => o.To).HasMaxLength(200);
            e.HasOne<Opportunity>().WithMany().HasForeignKey(o => o.OpportunityId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Campaign>().HasIndex(c => c.ExternalId).IsUnique();
        modelBuilder.Entity<CampaignMember>(e =>
        {
            e.HasIndex(m => new { m.CampaignId, m.CustomerId }).IsUnique();
            e.HasIndex(m => m.CustomerId);
            e.HasOne<Campaign>().WithMany().HasForeignKey(m => m.CampaignId);
            e.HasOne<Customer>().WithMany().HasForeignKey(m => m.CustomerId);
        });
        modelBuilder.Entity<Ticket>(e =>
        {
            e.HasIndex(t => t.ExternalId).IsUnique();
            e.HasIndex(t => new { t.CustomerId, t.OpenedAt });
            e.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId);
        });
        modelBuilder.Entity<TicketEvent>(e =>
        {
            e.HasIndex(t => new { t.TicketId, t.At });
            e.Property(t => t.Actor).HasMaxLength(256);
            e.Property(t => t.From).HasMaxLength(100);
            e.Property(t => t.To).HasMaxLength(100);
            e.HasOne<Ticket>().WithMany().HasForeignKey(t => t.TicketId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SurveyResponse>(e =>
        {
            e.HasIndex(s => s.ExternalId).IsUnique();
            e.HasIndex(s => new { s.CustomerId, s.AnsweredAt });
            e.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId);
        });
        modelBuilder.Entity<CustomerScore>(e =>
        {
            e.HasIndex(s => new { s.Metric, s.AsOf, s.ModelVersion, s.CustomerId }).IsUnique();
            e.HasIndex(s => s.CustomerId);
            e.Property(s => s.Metric).HasMaxLength(64);
            e.Property(s => s.ModelVersion).HasMaxLength(64);
            e.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId);
        });
        modelBuilder.Entity<ModelRun>(e =>
        {
            e.HasIndex(m => new { m.Kind, m.TrainedAt });
            e.Property(m => m.Kind).HasMaxLength(32);
            e.Property(m => m.Version).HasMaxLength(64);
        });
        modelBuilder.Entity<Bulk.DeferredSchemaEntry>(e =>
        {
            e.ToTable(Bulk.DeferredSchemaEntry.Table);
            e.HasKey(d => d.Name);
        });
        modelBuilder.Entity<AnalysisRun>(e =>
        {
            e.HasIndex(r => new { r.Model, r.Version, r.AsOf }).IsUnique();
            e.Property(r => r.Model).HasMaxLength(32);
            e.Property(r => r.Version).HasMaxLength(64);
        });
        modelBuilder.Entity<StoredRule>(e =>
        {
            e.ToTable("AssociationRules");
            e.HasIndex(r => new { r.RunId, r.Rank }).IsUnique();
            e.HasOne<AnalysisRun>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ApiKey>(e =>
        {
            e.HasIndex(k => k.Prefix).IsUnique();
            e.Property(k => k.Prefix).HasMaxLength(16);
            e.Property(k => k.SecretHash).HasMaxLength(32);
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Role).HasMaxLength(32);
            e.Property(k => k.CreatedBy).HasMaxLength(256);
        });
        modelBuilder.Entity<Records.IdempotencyRecord>(e =>
        {
            e.ToTable("IdempotencyKeys");
            e.HasKey(r => new { r.Scope, r.Key });
            e.Property(r => r.Scope).HasMaxLength(64);
            e.Property(r => r.Key).HasMaxLength(Records.IdempotencyRecord.MaxKeyLength);
            e.Property(r => r.RequestHash).HasMaxLength(64);
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditLog");
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.Entity, a.EntityId });
            e.Property(a => a.Actor).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(32);
            e.Property(a => a.Entity).HasMaxLength(64);
            e.Property(a => a.EntityId).HasMaxLength(450);
        });
    }
}
