namespace Valora.Analytics.Campaigns;

/// <summary>What happened to one campaign member in the attribution window.</summary>
/// <param name="Treated">True for a contacted member, false for a held-out control member.</param>
/// <param name="Responded">Responded (opened, clicked, visited) in the window.</param>
/// <param name="Converted">Bought in the window.</param>
/// <param name="Revenue">Revenue attributed to the member in the window (0 when none).</param>
public readonly record struct MemberOutcome(bool Treated, bool Responded, bool Converted, double Revenue);
