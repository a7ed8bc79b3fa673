namespace Valora.Data.Demo;

/// <summary>Word lists for names, places and message text.</summary>
internal static class DemoText
{
    public static readonly string[] FemaleNames =
    [
        "Emma", "Olivia", "Ava", "Sophia", "Mia", "Amelia", "Harper", "Ella", "Grace", "Chloe", "Lucy", "Nora", "Hannah",
        "Lea", "Sofia", "Marie", "Julia", "Laura", "Sarah", "Anna", "Claire", "Alice", "Zoe", "Maya", "Isla", "Ines",
    ];

    public static readonly string[] MaleNames =
    [
        "Liam", "Noah", "Oliver", "James", "Lucas", "Henry", "Leo", "Jack", "Daniel", "Samuel", "David", "Thomas", "Paul",
        "Felix", "Jonas", "Max", "Louis", "Hugo", "Adam", "Ethan", "Owen", "Ryan", "Omar", "Mateo", "Elias", "Tim",
    ];

    public static readonly string[] Surnames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Garcia", "Wilson", "Taylor", "Anderson",
        "Thomas", "Moore", "Martin", "Lee", "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker",
        "Adams", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans",
        "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Mueller", "Schmidt", "Dubois", "Rossi",
    ];

    /// <summary>City, region, country, relative income level, weight.</summary>
    public static readonly (string City, string Region, string Country, double IncomeLevel, double Weight)[] Places =
    [
        ("New York", "NY", "US", 1.35, 8), ("Los Angeles", "CA", "US", 1.25, 6), ("Chicago", "IL", "US", 1.1, 4),
        ("Houston", "TX", "US", 1.0, 3.5), ("Phoenix", "AZ", "US", 0.95, 2.5), ("Philadelphia", "PA", "US", 1.0, 2.5),
        ("San Antonio", "TX", "US", 0.85, 2), ("San Diego", "CA", "US", 1.15, 2), ("Dallas", "TX", "US", 1.05, 2.5),
        ("Austin", "TX", "US", 1.2, 2), ("Seattle", "WA", "US", 1.35, 2), ("Denver", "CO", "US", 1.1, 1.8),
        ("Boston", "MA", "US", 1.3, 1.8), ("Miami", "FL", "US", 0.95, 2), ("Atlanta", "GA", "US", 1.0, 2),
        ("Detroit", "MI", "US", 0.8, 1.5), ("Portland", "OR", "US", 1.05, 1.2), ("Columbus", "OH", "US", 0.9, 1.5),
        ("Toronto", "ON", "CA", 1.1, 2.5), ("Vancouver", "BC", "CA", 1.1, 1.5), ("Montreal", "QC", "CA", 0.95, 1.5),
        ("London", "England", "GB", 1.25, 4), ("Manchester", "England", "GB", 0.95, 1.5), ("Edinburgh", "Scotland", "GB", 1.0, 1),
        ("Berlin", "Berlin", "DE", 1.0, 2), ("Munich", "Bavaria", "DE", 1.2, 1.5), ("Hamburg", "Hamburg", "DE", 1.1, 1.2),
        ("Paris", "Île-de-France", "FR", 1.15, 2.5), ("Lyon", "Auvergne-Rhône-Alpes", "FR", 0.95, 1),
        ("Dublin", "Leinster", "IE", 1.15, 1), ("Amsterdam", "North Holland", "NL", 1.1, 1.2),
    ];

    /// <summary>Acquisition channel, base weight, tilt towards valuable customers, mean cost.</summary>
    public static readonly (string Name, double Weight, double ValueTilt, double MeanCost)[] AcquisitionChannels =
    [
        ("Organic search", 0.26, 0.25, 4), ("Paid search", 0.22, 0.0, 38), ("Social", 0.2, -0.45, 22),
        ("Email", 0.1, 0.3, 6), ("Affiliate", 0.12, -0.3, 28), ("Store", 0.1, 0.45, 12),
    ];

    public const string ReferralChannel = "Referral";

    public static readonly string[] OrderChannels = ["web", "mobile", "store", "phone"];

    public static readonly double[] OrderChannelCumulative = [0.58, 0.85, 0.96, 1.0];

    /// <summary>Phrases offering money off: they raise the response probability.</summary>
    public static readonly string[] OfferPhrases =
    [
        "take 20% off your next order", "enjoy free shipping on everything", "here is a discount code just for you",
        "get 15% off our bestsellers", "members get a discount on new arrivals", "buy one, get the second 50% off",
    ];

    /// <summary>Phrases creating urgency: they raise the response probability a little.</summary>
    public static readonly string[] UrgencyPhrases =
    [
        "Ends tonight.", "Last chance!", "Only 48 hours left.", "While stocks last.", "Today only.",
    ];

    /// <summary>Informational phrases: no effect beyond the baseline.</summary>
    public static readonly string[] NeutralPhrases =
    [
        "our new catalogue is here", "read the latest news from our store", "we have updated our privacy policy",
        "here is your account summary", "a few tips to get the most out of your purchase", "meet the team behind our products",
        "our opening hours change next month",
    ];

    public static readonly string[] Greetings = ["Hi", "Hello", "Dear"];

    public static readonly (string Subject, string Text)[] InboundTopics =
    [
        ("Order status", "Customer asked where their order is and when it will arrive."),
        ("Product question", "Customer asked whether the product is compatible with what they already own."),
        ("Change address", "Customer wants to change the delivery address."),
        ("Store visit", "Customer visited the store and browsed the new arrivals."),
        ("Account help", "Customer could not log in and asked for a password reset."),
        ("Gift advice", "Customer asked for gift ideas under a budget."),
    ];

    public static readonly (string Subject, string Text)[] ComplaintTopics =
    [
        ("Damaged item", "The item arrived damaged and I want a replacement."),
        ("Late delivery", "My order is more than a week late and nobody answers."),
        ("Wrong item", "I received the wrong product in my package."),
        ("Refund not received", "I returned the order weeks ago and still have no refund."),
        ("Rude service", "The person on the phone was unhelpful and rude."),
    ];

    public static readonly (string Subject, string Text)[] InquiryTopics =
    [
        ("Invoice copy", "Could you send me a copy of my last invoice?"),
        ("Stock question", "When will this item be back in stock?"),
        ("Warranty", "How long is the warranty on this product?"),
        ("Bulk order", "Do you offer a price for larger quantities?"),
    ];

    public static readonly (string Subject, string Text)[] FeedbackTopics =
    [
        ("Great service", "Thanks for the quick help, very happy with the service."),
        ("Suggestion", "It would be nice to filter products by brand on the website."),
        ("Packaging", "Less plastic in the packaging would be appreciated."),
    ];

    public static readonly string[] PositiveComments = ["Great selection and fast delivery.", "Always a pleasure to shop here.", "Friendly staff and good prices."];

    public static readonly string[] NegativeComments = ["Delivery took far too long.", "Support never solved my problem.", "Prices went up and quality went down."];

    public static readonly string[] Owners = ["Alex Kim", "Jordan Lee", "Sam Rivera", "Taylor Brooks", "Morgan Patel", "Casey Nguyen", "Riley Fischer", "Jamie Moreau"];

    public static readonly string[] OpportunityKinds = ["Corporate gifts", "Office supplies contract", "Event catering order", "Wholesale account", "Annual subscription"];
}
