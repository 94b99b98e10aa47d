using Storefront.Core.Catalog;

namespace Storefront.Core.Data.Seeding;

/// <summary>A delivery the demo catalog expects, in days from the day the shop is first started.</summary>
internal sealed record DemoDelivery(int InDays, int Quantity);

/// <summary>
/// One demo product. Dates are offsets from "today" rather than fixed dates, so a shop started
/// months from now still shows future ETAs and release dates.
/// </summary>
internal sealed record DemoProduct(string Sku, string Name, long Price, int AgeDays, string Description)
{
    public int OnHand { get; init; }
    public int LowStockThreshold { get; init; } = 5;
    public BackorderPolicy Policy { get; init; } = BackorderPolicy.Allowed;
    public int? BackorderLimit { get; init; }
    public int? ReleaseInDays { get; init; }
    public int? RestockInDays { get; init; }
    public string? RestockNote { get; init; }
    public bool Discontinued { get; init; }
    public IReadOnlyList<DemoDelivery> Deliveries { get; init; } = [];
}

internal sealed record DemoCategory(string Name, string Slug, string Description, IReadOnlyList<DemoProduct> Products);

/// <summary>
/// The demo shop: six departments whose products between them show every availability state a
/// shopper can meet (in stock, only a few left, backorder with a delivery or a restock ETA, pre-order,
/// out of stock with and without a date, discontinued).
/// </summary>
internal static class DemoCatalog
{
    public static readonly IReadOnlyList<DemoCategory> Categories =
    [
        new("Kitchen", "kitchen", "Cookware, knives and tools that earn their place on the counter.",
        [
            new("KIT-0001", "Cast Iron Skillet 10-inch", 3900, 210,
                "A pre-seasoned cast iron skillet that goes from stovetop to oven to table. The heavy base holds heat for an even sear, and it only gets better with use.")
                { OnHand = 64, LowStockThreshold = 10 },
            new("KIT-0002", "Chef's Knife 8-inch", 8900, 180,
                "Forged from high-carbon German steel with a full tang and a comfortable pakkawood handle. Sharpened to 15 degrees per side for clean, effortless cuts.")
                { OnHand = 4, Deliveries = [new(12, 30)] },
            new("KIT-0003", "Enamelled Dutch Oven 5.5 qt", 17900, 160,
                "A heavy enamelled cast iron pot for braises, stews and no-knead bread. The tight-fitting lid keeps moisture in, and the light interior makes browning easy to judge. Oven-safe to 260 °C.")
                { OnHand = 0, Deliveries = [new(9, 12), new(30, 24)] },
            new("KIT-0004", "End-Grain Walnut Cutting Board", 12900, 140,
                "Made by hand from solid American black walnut in an end-grain checkerboard that is kind to knife edges. Finished with food-safe mineral oil and beeswax.")
                { OnHand = 0, Policy = BackorderPolicy.AllowedUpTo, BackorderLimit = 10, RestockInDays = 28, RestockNote = "Our woodworker is finishing the next batch by hand; each board takes about a week to cure." },
            new("KIT-0005", "Stainless Mixing Bowl Set", 4500, 120,
                "Five nesting stainless steel bowls from 1 to 5 quarts with non-slip silicone bases. Dishwasher-safe and light enough to hold in one hand while you whisk.")
                { OnHand = 38 },
            new("KIT-0006", "Digital Kitchen Scale", 2900, 100,
                "Weighs up to 5 kg in 1 g steps with a tare button for measuring straight into the bowl. A slim glass platform wipes clean in seconds.")
                { OnHand = 0, Policy = BackorderPolicy.NotAllowed, Deliveries = [new(6, 40)] },
            new("KIT-0007", "Carbon Steel Wok 14-inch", 5900, 75,
                "A hand-hammered carbon steel wok with a flat base that sits steady on any hob. Heats fast for real wok hei and builds a natural non-stick patina over time.")
                { OnHand = 22 },
            new("KIT-0008", "Silicone Baking Mat Pair", 2400, 240,
                "Two half-sheet silicone mats that replace parchment paper for cookies, roasting and candy work. We are not restocking this version, so these are the last ones.")
                { OnHand = 3, Discontinued = true, Policy = BackorderPolicy.NotAllowed },
        ]),
        new("Coffee & Tea", "coffee-tea", "Brewing gear, beans and leaves for a better first cup.",
        [
            new("COF-0001", "Ceramic Pour-Over Dripper", 3200, 200,
                "A porcelain cone dripper with spiral ribs for an even, steady extraction. Fits most mugs and carafes and takes standard #2 paper filters.")
                { OnHand = 55, LowStockThreshold = 8 },
            new("COF-0002", "Conical Burr Grinder", 14900, 170,
                "Forty steel conical burrs and stepless adjustment from espresso-fine to French-press coarse. A low-speed motor keeps beans cool and quiet. The first units of the new batch arrive soon; the rest follow with the second container.")
                { OnHand = 0, Policy = BackorderPolicy.AllowedUpTo, BackorderLimit = 60, Deliveries = [new(10, 15)], RestockInDays = 50, RestockNote = "Second container from the factory; the supplier has confirmed the sailing date." },
            new("COF-0003", "Gooseneck Electric Kettle", 7900, 150,
                "A precise pour-over kettle with a slim gooseneck spout and temperature hold to the degree. Heats a full litre in under five minutes.")
                { OnHand = 3 },
            new("COF-0004", "Ethiopia Yirgacheffe Whole Bean 340 g", 1950, 90,
                "A washed-process single origin with notes of bergamot, jasmine and ripe stone fruit. Light roasted in small batches and shipped within days of roasting.")
                { OnHand = 120, LowStockThreshold = 20, Deliveries = [new(14, 100)] },
            new("COF-0005", "Dual Boiler Espresso Machine", 129900, 130,
                "Separate boilers for brewing and steam let you pull a shot and texture milk at the same time. PID temperature control, a 58 mm commercial portafilter and a rotary pump keep it quiet and consistent.")
                { OnHand = 0, Policy = BackorderPolicy.AllowedUpTo, BackorderLimit = 8, Deliveries = [new(21, 6)] },
            new("COF-0006", "Winter Solstice Tea Sampler", 3400, 12,
                "A limited-edition tin of six seasonal loose-leaf teas, from smoky lapsang to a spiced rooibos. Packed for the holidays and shipped on release day.")
                { OnHand = 40, Policy = BackorderPolicy.NotAllowed, ReleaseInDays = 35 },
            new("COF-0007", "Cast Iron Tetsubin Teapot", 6800, 110,
                "A traditional Japanese cast iron teapot with an enamelled interior and a stainless steel infuser. Keeps a pot of tea warm through a long conversation.")
                { OnHand = 0, Policy = BackorderPolicy.NotAllowed },
            new("COF-0008", "Stovetop Moka Pot 6-Cup", 4200, 300,
                "The classic aluminium stovetop espresso maker for strong, rich coffee. This model has been replaced by our stainless steel version.")
                { OnHand = 0, Discontinued = true, Policy = BackorderPolicy.NotAllowed },
        ]),
        new("Outdoor", "outdoor", "Gear for camping, hiking and long evenings outside.",
        [
            new("OUT-0001", "Ultralight Two-Person Tent", 32900, 190,
                "A freestanding double-wall tent that packs down to 1.4 kg. Two doors, two vestibules and colour-coded poles make pitching in the rain quick.")
                { OnHand = 0, Deliveries = [new(14, 20)] },
            new("OUT-0002", "650-Fill Down Sleeping Bag", 24900, 175,
                "Responsibly sourced 650-fill down in a mummy shape rated to 20 °F. Compresses to the size of a loaf of bread and comes with a storage sack.")
                { OnHand = 17 },
            new("OUT-0003", "Insulated Steel Water Bottle 32 oz", 3400, 160,
                "Double-walled vacuum insulation keeps water cold for 24 hours and coffee hot for 12. Powder-coated for grip and leak-proof with the included chug cap.")
                { OnHand = 140, LowStockThreshold = 25 },
            new("OUT-0004", "Folding Camp Chair", 6900, 130,
                "A sturdy aluminium-frame chair with a breathable mesh back and a side pocket for your drink. Folds flat in seconds and carries 135 kg.")
                { OnHand = 2, Deliveries = [new(20, 24)] },
            new("OUT-0005", "Carbon Trekking Poles, Pair", 11900, 115,
                "Three-section carbon fibre poles with cork grips and quick flick-locks. At 230 g each they take the strain off knees on long descents.")
                { OnHand = 0, RestockInDays = 21, RestockNote = "The manufacturer has confirmed our allocation from the next production run." },
            new("OUT-0006", "Collapsible Solar Lantern", 4400, 20,
                "Charges in the sun during the day and gives up to 24 hours of warm light at night. Collapses to 3 cm flat and doubles as a USB power bank.")
                { OnHand = 0, ReleaseInDays = 20, Deliveries = [new(16, 50)] },
            new("OUT-0007", "Parachute Nylon Hammock with Straps", 5900, 95,
                "A roomy single hammock of breathable parachute nylon, with tree-friendly straps and steel carabiners. Sets up in two minutes and packs into its own pouch.")
                { OnHand = 31 },
            new("OUT-0008", "Compact Backpacking Stove", 3900, 320,
                "A tiny canister stove that boils a litre of water in under four minutes. It has been discontinued by the maker.")
                { OnHand = 0, Discontinued = true, Policy = BackorderPolicy.NotAllowed },
        ]),
        new("Home Office", "home-office", "Desks, chairs and lighting for long, comfortable working days.",
        [
            new("OFF-0001", "Height-Adjustable Standing Desk", 54900, 185,
                "A dual-motor sit-stand desk that moves from 62 to 127 cm with four memory presets. The solid oak-veneer top is 140 by 70 cm. Backorders are capped at what our next two containers can cover.")
                { OnHand = 0, Policy = BackorderPolicy.AllowedUpTo, BackorderLimit = 25, Deliveries = [new(18, 10), new(40, 20)] },
            new("OFF-0002", "Ergonomic Mesh Office Chair", 38900, 170,
                "Adjustable lumbar support, 4D armrests and a breathable mesh back for long days at the desk. Backed by a ten-year warranty.")
                { OnHand = 12 },
            new("OFF-0003", "Single Monitor Arm", 9900, 150,
                "A gas-spring arm that holds screens up to 32 inches and 9 kg at any height and angle. Clamp or grommet mounting, with hidden cable channels.")
                { OnHand = 5 },
            new("OFF-0004", "Wool Felt Desk Mat", 4900, 120,
                "A 90 by 40 cm pad of dense merino wool felt that softens the desk and quiets the keyboard. Non-slip cork underside.")
                { OnHand = 46 },
            new("OFF-0005", "LED Desk Lamp with Wireless Charger", 11900, 105,
                "A dimmable LED lamp with five colour temperatures and a Qi charging pad in its base. The arm folds flat when you need the space.")
                { OnHand = 0, Policy = BackorderPolicy.NotAllowed, Deliveries = [new(11, 25)] },
            new("OFF-0006", "Low-Profile Mechanical Keyboard", 15900, 10,
                "A slim wireless mechanical keyboard with hot-swappable tactile switches and an aluminium case. Pairs with three devices and lasts weeks on a charge.")
                { OnHand = 60, Policy = BackorderPolicy.NotAllowed, ReleaseInDays = 14 },
            new("OFF-0007", "Under-Desk Cable Management Tray", 3500, 85,
                "A powder-coated steel tray that screws under the desk and hides power strips and cable runs. Fits desks from 80 cm wide.")
                { OnHand = 0, RestockInDays = 12, RestockNote = "Reordered from our supplier; the steel trays are being powder-coated now." },
            new("OFF-0008", "Full HD Webcam", 6900, 280,
                "A 1080p webcam with a privacy shutter and dual microphones. We are clearing the last units ahead of its successor.")
                { OnHand = 2, Discontinued = true, Policy = BackorderPolicy.NotAllowed },
        ]),
        new("Audio", "audio", "Headphones, speakers and turntables for people who listen closely.",
        [
            new("AUD-0001", "Wireless Noise-Cancelling Headphones", 29900, 200,
                "Adaptive noise cancelling, 30-hour battery life and soft protein-leather ear cushions. Folds into a slim hard case for travel.")
                { OnHand = 28, Deliveries = [new(25, 40)] },
            new("AUD-0002", "Powered Bookshelf Speakers, Pair", 34900, 160,
                "Active two-way speakers with a built-in amplifier, Bluetooth, optical and phono inputs. Walnut veneer cabinets and a remote control.")
                { OnHand = 0, Policy = BackorderPolicy.AllowedUpTo, BackorderLimit = 12, Deliveries = [new(7, 8)] },
            new("AUD-0003", "Belt-Drive Turntable", 39900, 145,
                "A belt-drive turntable with a carbon-fibre tonearm, pre-mounted cartridge and switchable phono preamp. Plug it straight into powered speakers.")
                { OnHand = 1, LowStockThreshold = 3 },
            new("AUD-0004", "True Wireless Earbuds", 12900, 120,
                "Compact earbuds with active noise cancelling, IPX4 splash resistance and a wireless charging case. Up to 28 hours of listening with the case.")
                { OnHand = 85, LowStockThreshold = 10 },
            new("AUD-0005", "Rugged Portable Bluetooth Speaker", 8900, 100,
                "A waterproof, dust-proof speaker with 360-degree sound and a 15-hour battery. Floats, so it survives the pool party.")
                { OnHand = 0, Policy = BackorderPolicy.NotAllowed },
            new("AUD-0006", "Open-Back Studio Headphones", 24900, 8,
                "Open-back dynamic headphones tuned for mixing and critical listening, with velour pads and a detachable cable. Ships on release day.")
                { OnHand = 0, Policy = BackorderPolicy.AllowedUpTo, BackorderLimit = 30, ReleaseInDays = 42, Deliveries = [new(38, 30)] },
            new("AUD-0007", "USB Condenser Microphone", 13900, 135,
                "A cardioid condenser microphone with a 24-bit converter, zero-latency headphone output and a desk stand. Plug-and-play for podcasts and calls. A first small shipment is on its way, with a larger restock to follow.")
                { OnHand = 0, Policy = BackorderPolicy.AllowedUpTo, BackorderLimit = 40, Deliveries = [new(5, 10)], RestockInDays = 35, RestockNote = "Main restock booked with the manufacturer after the small air shipment." },
            new("AUD-0008", "Compact Disc Player", 19900, 330,
                "A slot-loading CD player with a high-quality DAC and a coaxial output. The maker has stopped production.")
                { OnHand = 0, Discontinued = true, Policy = BackorderPolicy.NotAllowed },
        ]),
        new("Books & Games", "books-games", "Cookbooks, field guides, puzzles and games for slow evenings.",
        [
            new("BKG-0001", "Harbor & Hinterland Strategy Board Game", 5400, 210,
                "Build trade routes between a busy port and the farms beyond it in this strategy game for 2 to 5 players. Easy to learn, with plenty of depth for repeat plays. About 60 minutes.")
                { OnHand = 36 },
            new("BKG-0002", "The Slow Kitchen: A Cookbook", 3500, 165,
                "A hardcover collection of 120 recipes built around braising, baking and fermenting. Photographed in natural light, with notes on making each dish ahead.")
                { OnHand = 4 },
            new("BKG-0003", "Night Market 1000-Piece Jigsaw Puzzle", 2400, 140,
                "A glowing night-market scene printed on thick recycled board with a linen finish. Comes with a reference poster.")
                { OnHand = 0, RestockInDays = 9, RestockNote = "Reprint ordered from the publisher after the first run sold out." },
            new("BKG-0004", "Field Guide to Backyard Birds", 2800, 125,
                "Illustrated profiles of 250 common birds, with range maps, songs described in words and tips for attracting them to your garden. Fits in a jacket pocket.")
                { OnHand = 0 },
            new("BKG-0005", "Lighthouse Keepers Cooperative Card Game", 2200, 110,
                "Work together to keep the lamps lit through a stormy night in this cooperative card game for 1 to 4 players. Games take about 30 minutes.")
                { OnHand = 0, Deliveries = [new(4, 40)] },
            new("BKG-0006", "Chess Set with Walnut Board", 14900, 95,
                "Weighted Staunton pieces in boxwood and ebonised wood with a 45 cm walnut and maple board. Each piece is felted underneath.")
                { OnHand = 9 },
            new("BKG-0007", "Harbor & Hinterland: Northern Isles Expansion", 2900, 5,
                "Adds islands, ferries and a sixth player to the base game. Requires Harbor & Hinterland. Pre-orders ship on release day.")
                { OnHand = 0, ReleaseInDays = 60, Deliveries = [new(55, 100)] },
            new("BKG-0008", "Classic Crossword Anthology, 2nd Edition", 1900, 360,
                "Two hundred cryptic and quick crosswords from the newspaper archives. This edition will not be reprinted; a new collection replaces it.")
                { OnHand = 7, Discontinued = true, Policy = BackorderPolicy.NotAllowed },
        ]),
    ];
}
