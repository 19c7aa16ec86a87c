"""Hand-written demo stories in English, Russian and Turkmen.

Every story is told three times, in three made-up towns with different
figures, which gives 45 articles per language. Texts are ``str.format``
templates: ``{place}`` is the town's name, ``{n}`` and ``{m}`` are the
story's figures and ``{t[i]}`` the figures of its table. Russian texts name
the town after "город" and Turkmen ones before "şäheri", so the names never
need to be declined; the Russian figures are chosen so that the noun after
them is correct.
"""

from dataclasses import dataclass, field

LANGUAGES = ("en", "ru", "tk")

SITE_NAME = "Newsroom"

HOME = {
    "en": ("Home", "News of the regions, every day in English, Russian and Turkmen."),
    "ru": ("Главная", "Новости регионов каждый день на английском, русском и туркменском языках."),
    "tk": ("Baş sahypa", "Sebitleriň habarlary her gün iňlis, rus we türkmen dillerinde."),
}

# Section slug -> title and intro per language.
SECTIONS = {
    "economy": {
        "en": ("Economy", "Markets, trade, transport, energy and farming."),
        "ru": ("Экономика", "Рынки, торговля, транспорт, энергетика и сельское хозяйство."),
        "tk": ("Ykdysadyýet", "Bazarlar, söwda, ulag, energetika we oba hojalygy."),
    },
    "politics": {
        "en": ("Politics", "Parliament, elections, diplomacy and public services."),
        "ru": ("Политика", "Парламент, выборы, дипломатия и государственные услуги."),
        "tk": ("Syýasat", "Parlament, saýlawlar, diplomatiýa we döwlet hyzmatlary."),
    },
    "culture": {
        "en": ("Culture", "Theatre, music, museums, books and science."),
        "ru": ("Культура", "Театр, музыка, музеи, книги и наука."),
        "tk": ("Medeniýet", "Teatr, aýdym-saz, muzeýler, kitaplar we ylym."),
    },
}

# Category key -> (name, slug) per language.
CATEGORIES = {
    "trade": {"en": ("Trade", "trade"), "ru": ("Торговля", "torgovlya"), "tk": ("Söwda", "sowda")},
    "transport": {
        "en": ("Transport", "transport"),
        "ru": ("Транспорт", "transport"),
        "tk": ("Ulag", "ulag"),
    },
    "agriculture": {
        "en": ("Agriculture", "agriculture"),
        "ru": ("Сельское хозяйство", "selskoe-hozyajstvo"),
        "tk": ("Oba hojalygy", "oba-hojalygy"),
    },
    "energy": {
        "en": ("Energy", "energy"),
        "ru": ("Энергетика", "energetika"),
        "tk": ("Energetika", "energetika"),
    },
    "legislation": {
        "en": ("Legislation", "legislation"),
        "ru": ("Законодательство", "zakonodatelstvo"),
        "tk": ("Kanunçylyk", "kanuncylyk"),
    },
    "elections": {
        "en": ("Elections", "elections"),
        "ru": ("Выборы", "vybory"),
        "tk": ("Saýlawlar", "saylawlar"),
    },
    "diplomacy": {
        "en": ("Diplomacy", "diplomacy"),
        "ru": ("Дипломатия", "diplomatiya"),
        "tk": ("Diplomatiýa", "diplomatiya"),
    },
    "public-services": {
        "en": ("Public services", "public-services"),
        "ru": ("Госуслуги", "gosuslugi"),
        "tk": ("Döwlet hyzmatlary", "dowlet-hyzmatlary"),
    },
    "theatre": {"en": ("Theatre", "theatre"), "ru": ("Театр", "teatr"), "tk": ("Teatr", "teatr")},
    "museums": {
        "en": ("Museums", "museums"),
        "ru": ("Музеи", "muzei"),
        "tk": ("Muzeýler", "muzeyler"),
    },
    "music": {
        "en": ("Music", "music"),
        "ru": ("Музыка", "muzyka"),
        "tk": ("Aýdym-saz", "aydym-saz"),
    },
    "science": {"en": ("Science", "science"), "ru": ("Наука", "nauka"), "tk": ("Ylym", "ylym")},
    "literature": {
        "en": ("Literature", "literature"),
        "ru": ("Литература", "literatura"),
        "tk": ("Edebiýat", "edebiyat"),
    },
}

# Tag key -> tag name per language (taggit tags are shared by all languages).
TAGS = {
    "trade": {"en": "trade", "ru": "торговля", "tk": "söwda"},
    "exhibitions": {"en": "exhibitions", "ru": "выставки", "tk": "sergiler"},
    "railways": {"en": "railways", "ru": "железные дороги", "tk": "demir ýollar"},
    "transport": {"en": "transport", "ru": "транспорт", "tk": "ulag"},
    "agriculture": {"en": "agriculture", "ru": "сельское хозяйство", "tk": "oba hojalygy"},
    "grain": {"en": "grain", "ru": "зерно", "tk": "galla"},
    "energy": {"en": "energy", "ru": "энергетика", "tk": "energetika"},
    "gas": {"en": "natural gas", "ru": "природный газ", "tk": "tebigy gaz"},
    "solar": {"en": "solar power", "ru": "солнечная энергия", "tk": "Gün energiýasy"},
    "parliament": {"en": "parliament", "ru": "парламент", "tk": "parlament"},
    "water": {"en": "water", "ru": "вода", "tk": "suw"},
    "elections": {"en": "elections", "ru": "выборы", "tk": "saýlawlar"},
    "local-councils": {"en": "local councils", "ru": "местные советы", "tk": "ýerli geňeşler"},
    "diplomacy": {"en": "diplomacy", "ru": "дипломатия", "tk": "diplomatiýa"},
    "climate": {"en": "climate", "ru": "климат", "tk": "howa"},
    "cooperation": {"en": "cooperation", "ru": "сотрудничество", "tk": "hyzmatdaşlyk"},
    "public-services": {"en": "public services", "ru": "госуслуги", "tk": "döwlet hyzmatlary"},
    "digital": {"en": "digital services", "ru": "цифровые услуги", "tk": "sanly hyzmatlar"},
    "theatre": {"en": "theatre", "ru": "театр", "tk": "teatr"},
    "festivals": {"en": "festivals", "ru": "фестивали", "tk": "festiwallar"},
    "museums": {"en": "museums", "ru": "музеи", "tk": "muzeýler"},
    "archaeology": {"en": "archaeology", "ru": "археология", "tk": "arheologiýa"},
    "music": {"en": "music", "ru": "музыка", "tk": "aýdym-saz"},
    "youth": {"en": "youth", "ru": "молодёжь", "tk": "ýaşlar"},
    "science": {"en": "science", "ru": "наука", "tk": "ylym"},
    "education": {"en": "education", "ru": "образование", "tk": "bilim"},
    "books": {"en": "books", "ru": "книги", "tk": "kitaplar"},
}

# Made-up towns.
PLACES = {
    "akburun": {"en": "Akburun", "ru": "Акбурун", "tk": "Akburun"},
    "altyndash": {"en": "Altyndash", "ru": "Алтындаш", "tk": "Altyndaş"},
    "kumushkol": {"en": "Kumushkol", "ru": "Кумушкёль", "tk": "Kümüşköl"},
    "gulzar": {"en": "Gulzar", "ru": "Гульзар", "tk": "Gülzar"},
    "denizkent": {"en": "Denizkent", "ru": "Денизкент", "tk": "Deňizkent"},
    "tazeyol": {"en": "Tazeyol", "ru": "Тязеёл", "tk": "Täzeýol"},
    "sarybag": {"en": "Sarybag", "ru": "Сарыбаг", "tk": "Sarybag"},
}


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple
    rows: tuple


@dataclass(frozen=True)
class Text:
    """A story in one language (``str.format`` templates)."""

    title: str
    intro: str
    paragraphs: tuple  # three paragraphs
    heading: str
    quote: tuple  # (text, attribution)
    figure: str  # caption of the picture in the body
    table: Table | None = None


@dataclass(frozen=True)
class Variant:
    """One telling of a story: where, and with which figures."""

    place: str
    n: int
    m: int
    t: tuple = ()


@dataclass(frozen=True)
class Story:
    key: str
    section: str
    category: str
    tags: tuple
    label: str  # the word drawn on its pictures
    palette: tuple  # two RGB colours for its pictures
    variants: tuple
    texts: dict = field(default_factory=dict)


STORIES = (
    Story(
        key="trade-fair",
        section="economy",
        category="trade",
        tags=("trade", "exhibitions"),
        label="TRADE FAIR",
        palette=((12, 84, 72), (232, 178, 62)),
        variants=(
            Variant("akburun", 240, 18, (84, 60, 56, 40)),
            Variant("denizkent", 315, 25, (110, 80, 75, 50)),
            Variant("gulzar", 185, 16, (65, 45, 45, 30)),
        ),
        texts={
            "en": Text(
                title="International trade fair opens in {place}",
                intro="{n} companies from {m} countries are showing machinery, textiles and "
                "food products at the three-day fair.",
                paragraphs=(
                    "The international trade fair opened on Tuesday at the exhibition centre of "
                    "{place}. Its {n} exhibitors fill four halls, and business meetings are "
                    "scheduled for every morning of the fair.",
                    "Organisers say that the first day alone brought several supply contracts "
                    "for building materials and farm equipment. Local producers of dried fruit "
                    "and cotton yarn showed their goods next to foreign machine builders.",
                    "The fair is open to visitors until Thursday evening. Entrance is free, and "
                    "a shuttle bus runs from the railway station every twenty minutes.",
                ),
                heading="Contracts on the first day",
                quote=(
                    "A fair like this is where a small workshop meets its first foreign buyer.",
                    "Chair of the organising committee",
                ),
                figure="Visitors at the stands of the machinery hall",
                table=Table(
                    "Exhibitors by hall",
                    ("Hall", "Theme", "Stands"),
                    (
                        ("A", "Machinery and tools", "{t[0]}"),
                        ("B", "Textiles", "{t[1]}"),
                        ("C", "Food and agriculture", "{t[2]}"),
                        ("D", "Services and logistics", "{t[3]}"),
                    ),
                ),
            ),
            "ru": Text(
                title="В городе {place} открылась международная торговая ярмарка",
                intro="{n} компаний из {m} стран показывают технику, текстиль и продукты питания "
                "на трёхдневной ярмарке.",
                paragraphs=(
                    "Международная торговая ярмарка открылась во вторник в выставочном центре "
                    "города {place}. Экспоненты занимают четыре павильона, а деловые встречи "
                    "запланированы на каждое утро ярмарки.",
                    "По словам организаторов, уже в первый день были подписаны несколько "
                    "контрактов на поставку строительных материалов и сельхозтехники. Местные "
                    "производители сухофруктов и хлопковой пряжи представили свою продукцию "
                    "рядом с иностранными машиностроителями.",
                    "Ярмарка открыта для посетителей до вечера четверга. Вход свободный, от "
                    "железнодорожного вокзала каждые двадцать минут ходит автобус.",
                ),
                heading="Контракты в первый же день",
                quote=(
                    "На такой ярмарке маленькая мастерская встречает своего первого иностранного "
                    "покупателя.",
                    "Председатель оргкомитета ярмарки",
                ),
                figure="Посетители у стендов павильона техники",
                table=Table(
                    "Экспоненты по павильонам",
                    ("Павильон", "Тематика", "Стенды"),
                    (
                        ("A", "Машины и инструменты", "{t[0]}"),
                        ("B", "Текстиль", "{t[1]}"),
                        ("C", "Продукты и сельское хозяйство", "{t[2]}"),
                        ("D", "Услуги и логистика", "{t[3]}"),
                    ),
                ),
            ),
            "tk": Text(
                title="{place} şäherinde halkara söwda ýarmarkasy açyldy",
                intro="{m} ýurtdan {n} kompaniýa üç günlük ýarmarkada tehnikany, dokma we azyk "
                "önümlerini görkezýär.",
                paragraphs=(
                    "Halkara söwda ýarmarkasy sişenbe güni {place} şäheriniň sergi merkezinde "
                    "açyldy. Gatnaşyjylar dört zaly eýeleýär, işewür duşuşyklar bolsa her gün "
                    "irden geçiriler.",
                    "Guramaçylaryň aýtmagyna görä, eýýäm ilkinji günde gurluşyk materiallaryny "
                    "we oba hojalyk tehnikasyny getirmek boýunça birnäçe şertnama baglaşyldy. "
                    "Ýerli kişmiş we pagta ýüplügi öndürijiler öz önümlerini daşary ýurtly maşyn "
                    "gurluşykçylarynyň ýanynda görkezdiler.",
                    "Ýarmarka penşenbe güni agşama çenli açyk. Giriş mugt, demir ýol menzilinden "
                    "her ýigrimi minutdan awtobus gatnaýar.",
                ),
                heading="Ilkinji günüň şertnamalary",
                quote=(
                    "Şeýle ýarmarkada kiçi ussahana ilkinji daşary ýurtly alyjysy bilen duşuşýar.",
                    "Ýarmarkanyň guramaçylyk komitetiniň başlygy",
                ),
                figure="Tehnika zalynyň stendleriniň ýanyndaky myhmanlar",
                table=Table(
                    "Zallar boýunça gatnaşyjylar",
                    ("Zal", "Ugry", "Stendler"),
                    (
                        ("A", "Maşynlar we gurallar", "{t[0]}"),
                        ("B", "Dokma önümleri", "{t[1]}"),
                        ("C", "Azyk we oba hojalygy", "{t[2]}"),
                        ("D", "Hyzmatlar we logistika", "{t[3]}"),
                    ),
                ),
            ),
        },
    ),
    Story(
        key="railway",
        section="economy",
        category="transport",
        tags=("railways", "transport"),
        label="RAILWAY",
        palette=((40, 52, 110), (196, 90, 60)),
        variants=(
            Variant("altyndash", 126, 7, ("08:55", "18:25")),
            Variant("kumushkol", 98, 5, ("08:30", "18:00")),
            Variant("tazeyol", 147, 9, ("09:20", "18:50")),
        ),
        texts={
            "en": Text(
                title="First passenger train runs on the new {place} railway line",
                intro="The {n}-kilometre line with {m} stations cuts the journey from {place} to "
                "the regional centre by almost two hours.",
                paragraphs=(
                    "The first passenger train left {place} at seven in the morning with guests, "
                    "railway workers and local residents on board. The new line, {n} kilometres "
                    "long, was built in a little over two years.",
                    "At first two passenger trains a day will run in each direction. Freight "
                    "trains carrying grain, building materials and containers will follow next "
                    "month, once the new loading yard is finished.",
                    "Tickets went on sale at the station and online last week. Passengers under "
                    "sixteen travel at half price until the end of the year.",
                ),
                heading="Freight and passengers",
                quote=(
                    "My grandparents travelled this road by bus for half a day. My children will "
                    "do it in the time of one film.",
                    "A resident of {place}",
                ),
                figure="The new station building in {place}",
                table=Table(
                    "Timetable",
                    ("Train", "Leaves {place}", "Arrives"),
                    (("No. 101", "07:00", "{t[0]}"), ("No. 103", "16:30", "{t[1]}")),
                ),
            ),
            "ru": Text(
                title="По новой железной дороге из города {place} прошёл первый пассажирский поезд",
                intro="Линия длиной {n} км с {m} станциями сокращает путь от города {place} до "
                "областного центра почти на два часа.",
                paragraphs=(
                    "Первый пассажирский поезд отправился из города {place} в семь утра; в вагонах "
                    "ехали гости, железнодорожники и местные жители. Новую линию протяжённостью "
                    "{n} км построили немногим более чем за два года.",
                    "Поначалу в каждом направлении будут ходить по два пассажирских поезда в день. "
                    "Грузовые составы с зерном, стройматериалами и контейнерами пойдут в "
                    "следующем месяце, когда будет готова новая погрузочная площадка.",
                    "Билеты поступили в продажу в кассах вокзала и в интернете на прошлой неделе. "
                    "До конца года пассажиры младше шестнадцати лет ездят за полцены.",
                ),
                heading="Грузы и пассажиры",
                quote=(
                    "Мои бабушка и дедушка ездили по этой дороге на автобусе полдня. Мои дети "
                    "доедут за время одного фильма.",
                    "Житель города {place}",
                ),
                figure="Новое здание вокзала в городе {place}",
                table=Table(
                    "Расписание",
                    ("Поезд", "Отправление из города {place}", "Прибытие"),
                    (("№ 101", "07:00", "{t[0]}"), ("№ 103", "16:30", "{t[1]}")),
                ),
            ),
            "tk": Text(
                title="{place} şäherinden täze demir ýol bilen ilkinji ýolagçy otlusy ugrady",
                intro="{n} km uzynlykdaky, {m} menzilli täze ýol {place} şäherinden welaýat "
                "merkezine barýan wagty iki sagada golaý gysgaldýar.",
                paragraphs=(
                    "Ilkinji ýolagçy otlusy irden sagat ýedide {place} şäherinden ýola düşdi, "
                    "onuň wagonlarynda myhmanlar, demir ýolçular we ýerli ýaşaýjylar bardy. "
                    "Uzynlygy {n} km bolan täze ýol iki ýyldan gowrak wagtda guruldy.",
                    "Ilkibaşda her ugurda günde iki ýolagçy otlusy gatnar. Galla, gurluşyk "
                    "materiallaryny we konteýnerleri daşaýan ýük otlulary täze ýükleme meýdançasy "
                    "taýýar bolansoň, indiki aýda ýola goýlar.",
                    "Biletler geçen hepde menziliň kassalarynda we internetde satuwa çykaryldy. "
                    "Ýylyň ahyryna çenli on alty ýaşa çenli ýolagçylar ýarym bahasyna gatnaýarlar.",
                ),
                heading="Ýükler we ýolagçylar",
                quote=(
                    "Mamam bilen atam bu ýoly awtobusda ýarym günde geçýärdiler. Meniň "
                    "çagalarym ony bir filmiň dowamynda geçer.",
                    "{place} şäheriniň ýaşaýjysy",
                ),
                figure="{place} şäherindäki täze menzil binasy",
                table=Table(
                    "Hereket tertibi",
                    ("Otly", "{place} şäherinden ugraýar", "Gelýär"),
                    (("№ 101", "07:00", "{t[0]}"), ("№ 103", "16:30", "{t[1]}")),
                ),
            ),
        },
    ),
    Story(
        key="harvest",
        section="economy",
        category="agriculture",
        tags=("agriculture", "grain"),
        label="HARVEST",
        palette=((150, 110, 20), (250, 220, 120)),
        variants=(
            Variant("gulzar", 412, 350, (395, 412, 60, 64)),
            Variant("sarybag", 365, 280, (350, 365, 48, 51)),
            Variant("akburun", 298, 240, (290, 298, 40, 43)),
        ),
        texts={
            "en": Text(
                title="Farmers of the {place} district finish the grain harvest",
                intro="Farms around {place} have brought in {n} thousand tonnes of wheat, ahead "
                "of the plan for the season.",
                paragraphs=(
                    "The last fields of winter wheat around {place} were harvested on Saturday. "
                    "{m} combine harvesters worked in shifts during the hot weeks of early "
                    "summer, and receiving points stayed open around the clock.",
                    "Part of the grain will be cleaned and kept as seed for the autumn sowing. "
                    "The rest has gone to the flour mills and to the state grain reserve.",
                    "Agronomists say new irrigation channels and earlier sowing helped the crop. "
                    "Ploughing for the next season begins as soon as the straw is cleared from "
                    "the fields.",
                ),
                heading="Seed for next year",
                quote=(
                    "The water came on time this year, and the wheat paid us back for it.",
                    "Head of a farmers' association in the {place} district",
                ),
                figure="Combine harvesters on a wheat field near {place}",
                table=Table(
                    "Harvest by crop, thousand tonnes",
                    ("Crop", "Plan", "Harvested"),
                    (("Winter wheat", "{t[0]}", "{t[1]}"), ("Barley", "{t[2]}", "{t[3]}")),
                ),
            ),
            "ru": Text(
                title="Аграрии района {place} завершили уборку зерна",
                intro="Хозяйства вокруг города {place} собрали {n} тыс. тонн пшеницы, опередив "
                "сезонный план.",
                paragraphs=(
                    "Последние поля озимой пшеницы вокруг города {place} были убраны в субботу. В "
                    "жаркие недели начала лета в несколько смен работали {m} комбайнов, а "
                    "приёмные пункты были открыты круглосуточно.",
                    "Часть зерна очистят и оставят на семена для осеннего сева. Остальное "
                    "отправлено на мукомольные комбинаты и в государственный зерновой резерв.",
                    "Агрономы считают, что урожаю помогли новые оросительные каналы и более "
                    "ранний сев. Вспашка под следующий сезон начнётся, как только с полей уберут "
                    "солому.",
                ),
                heading="Семена на будущий год",
                quote=(
                    "В этом году вода пришла вовремя, и пшеница отплатила нам за это.",
                    "Руководитель фермерского объединения района {place}",
                ),
                figure="Комбайны на пшеничном поле у города {place}",
                table=Table(
                    "Урожай по культурам, тыс. тонн",
                    ("Культура", "План", "Собрано"),
                    (("Озимая пшеница", "{t[0]}", "{t[1]}"), ("Ячмень", "{t[2]}", "{t[3]}")),
                ),
            ),
            "tk": Text(
                title="{place} etrabynyň daýhanlary galla ormagyny tamamladylar",
                intro="{place} şäheriniň töweregindäki hojalyklar möwsümiň meýilnamasyndan öňe "
                "geçip, {n} müň tonna bugdaý ýygnadylar.",
                paragraphs=(
                    "{place} şäheriniň töweregindäki güýzlük bugdaýyň soňky meýdanlary şenbe "
                    "güni oruldy. Tomsuň başyndaky yssy hepdelerde {m} kombaýn birnäçe çalşykda "
                    "işledi, kabul ediş nokatlary bolsa gije-gündiz açykdy.",
                    "Gallanyň bir bölegi arassalanyp, güýzki ekiş üçin tohumlyk saklanar. Galan "
                    "bölegi un degirmenlerine we döwlet galla gorlaryna ugradyldy.",
                    "Agronomlaryň pikiriçe, täze suwaryş kanallary we has ir ekiş hasyla kömek "
                    "etdi. Meýdanlardan saman aýrylan badyna indiki möwsüm üçin sürüm başlar.",
                ),
                heading="Indiki ýyl üçin tohum",
                quote=(
                    "Bu ýyl suw öz wagtynda geldi, bugdaý hem munuň üçin bize bol hasyl berdi.",
                    "{place} etrabynyň daýhan birleşiginiň ýolbaşçysy",
                ),
                figure="{place} şäheriniň golaýyndaky bugdaý meýdanynda kombaýnlar",
                table=Table(
                    "Ekinler boýunça hasyl, müň tonna",
                    ("Ekin", "Meýilnama", "Ýygnaldy"),
                    (("Güýzlük bugdaý", "{t[0]}", "{t[1]}"), ("Arpa", "{t[2]}", "{t[3]}")),
                ),
            ),
        },
    ),
    Story(
        key="pipeline",
        section="economy",
        category="energy",
        tags=("energy", "gas", "cooperation"),
        label="PIPELINE",
        palette=((30, 70, 90), (120, 200, 210)),
        variants=(
            Variant("denizkent", 220, 12),
            Variant("kumushkol", 185, 10),
            Variant("altyndash", 260, 15),
        ),
        texts={
            "en": Text(
                title="Agreement signed on a gas pipeline section from {place}",
                intro="The {n}-kilometre section will be able to carry up to {m} billion cubic "
                "metres of gas a year to a neighbouring country.",
                paragraphs=(
                    "Representatives of two energy companies signed the agreement in {place} "
                    "after three rounds of talks. It covers the design, financing and "
                    "construction of a {n}-kilometre section with two compressor stations.",
                    "Surveying of the route has already begun. Construction is planned to start "
                    "next spring and to take about three years; local contractors will take part "
                    "in the earthworks.",
                    "Both sides noted that the project will also bring a new gas distribution "
                    "network to the villages along the route.",
                ),
                heading="Work to start next spring",
                quote=(
                    "The pipe crosses a border, but the jobs it creates stay here.",
                    "A member of the negotiating team",
                ),
                figure="Pipes stored at a construction yard near {place}",
            ),
            "ru": Text(
                title="Подписано соглашение об участке газопровода от города {place}",
                intro="Участок длиной {n} км сможет перекачивать в соседнюю страну до {m} млрд "
                "кубометров газа в год.",
                paragraphs=(
                    "Представители двух энергетических компаний подписали соглашение в городе "
                    "{place} после трёх раундов переговоров. Документ охватывает проектирование, "
                    "финансирование и строительство участка длиной {n} км с двумя "
                    "компрессорными станциями.",
                    "Изыскания на трассе уже начались. Строительство планируется начать следующей "
                    "весной, оно займёт около трёх лет; к земляным работам привлекут местных "
                    "подрядчиков.",
                    "Стороны отметили, что проект также принесёт новую сеть газоснабжения в сёла "
                    "вдоль трассы.",
                ),
                heading="Работы начнутся весной",
                quote=(
                    "Труба пересекает границу, а рабочие места, которые она создаёт, остаются "
                    "здесь.",
                    "Член переговорной группы",
                ),
                figure="Трубы на строительной площадке у города {place}",
            ),
            "tk": Text(
                title="{place} şäherinden geçjek gaz geçirijisiniň bölegi barada ylalaşyga gol "
                "çekildi",
                intro="{n} km uzynlykdaky bölek goňşy ýurda ýylda {m} milliard kub metre çenli "
                "gaz geçirip biler.",
                paragraphs=(
                    "Iki energetika kompaniýasynyň wekilleri üç tapgyr gepleşiklerden soň "
                    "ylalaşyga {place} şäherinde gol çekdiler. Resminama iki kompressor "
                    "stansiýaly, {n} km uzynlykdaky bölegiň taslamasyny, maliýeleşdirilişini we "
                    "gurluşygyny öz içine alýar.",
                    "Ugur boýunça gözleg işleri eýýäm başlandy. Gurluşygyň indiki ýazda başlanyp, "
                    "takmynan üç ýyl dowam etmegine garaşylýar; ýer işlerine ýerli potratçylar "
                    "çekiler.",
                    "Taraplar taslamanyň ugur boýundaky obalara täze gaz üpjünçilik ulgamyny hem "
                    "getirjekdigini bellediler.",
                ),
                heading="Işler ýazda başlar",
                quote=(
                    "Turba serhetden geçýär, emma onuň döredýän iş orunlary şu ýerde galýar.",
                    "Gepleşik toparynyň agzasy",
                ),
                figure="{place} şäheriniň golaýyndaky gurluşyk meýdançasynda turbalar",
            ),
        },
    ),
    Story(
        key="solar",
        section="economy",
        category="energy",
        tags=("energy", "solar"),
        label="SOLAR",
        palette=((200, 90, 20), (255, 214, 90)),
        variants=(
            Variant("tazeyol", 50, 35),
            Variant("sarybag", 80, 55),
            Variant("gulzar", 120, 85),
        ),
        texts={
            "en": Text(
                title="Solar power plant near {place} joins the grid",
                intro="The {n}-megawatt plant will supply electricity to about {m} thousand "
                "households.",
                paragraphs=(
                    "A new solar power plant on the desert plateau near {place} has started "
                    "supplying electricity to the national grid. Its panels cover an area of "
                    "more than a hundred football pitches.",
                    "The region enjoys more than three hundred sunny days a year, which makes it "
                    "well suited to solar power. The plant's {n} megawatts will be used above "
                    "all at the daytime peak, when air conditioners are running.",
                    "A training centre at the plant will prepare technicians for further solar "
                    "projects planned in the region.",
                ),
                heading="Sun for most of the year",
                quote=(
                    "A robot washes the panels at night, so they are ready when the sun comes up.",
                    "Shift engineer at the plant",
                ),
                figure="Rows of solar panels outside {place}",
            ),
            "ru": Text(
                title="Солнечная электростанция у города {place} подключена к сети",
                intro="Станция мощностью {n} МВт обеспечит электроэнергией около {m} тыс. "
                "домохозяйств.",
                paragraphs=(
                    "Новая солнечная электростанция на пустынном плато у города {place} начала "
                    "поставлять электроэнергию в национальную сеть. Её панели занимают площадь "
                    "больше сотни футбольных полей.",
                    "В регионе больше трёхсот солнечных дней в году, поэтому он хорошо подходит "
                    "для солнечной энергетики. Мощность станции — {n} МВт — будет использоваться "
                    "прежде всего в дневной пик, когда работают кондиционеры.",
                    "Учебный центр при станции будет готовить техников для новых солнечных "
                    "проектов, запланированных в регионе.",
                ),
                heading="Солнце почти круглый год",
                quote=(
                    "Панели по ночам моет робот, чтобы к восходу солнца они были готовы.",
                    "Сменный инженер станции",
                ),
                figure="Ряды солнечных панелей за городом {place}",
            ),
            "tk": Text(
                title="{place} şäheriniň golaýyndaky Gün elektrik stansiýasy ulgama birikdirildi",
                intro="Kuwwaty {n} megawat bolan stansiýa takmynan {m} müň öý hojalygyny elektrik "
                "energiýasy bilen üpjün eder.",
                paragraphs=(
                    "{place} şäheriniň golaýyndaky çöl belentliginde gurlan täze Gün elektrik "
                    "stansiýasy milli ulgama elektrik energiýasyny berip başlady. Onuň panelleri "
                    "ýüzden gowrak futbol meýdançasynyň meýdanyny tutýar.",
                    "Sebitde ýylda üç ýüzden gowrak güneşli gün bolýar, şonuň üçin ol Gün "
                    "energetikasy üçin örän amatly. Stansiýanyň {n} megawat kuwwaty ilki bilen "
                    "kondisionerler işleýän gündizki iň ýokary sarp ediş wagtynda ulanylar.",
                    "Stansiýanyň ýanyndaky okuw merkezi sebitde meýilleşdirilen täze Gün "
                    "taslamalary üçin tehnikleri taýýarlar.",
                ),
                heading="Ýylyň köp wagtynda Gün",
                quote=(
                    "Panelleri gijelerine robot ýuwýar, şonuň üçin Gün dogýança olar taýýar "
                    "bolýar.",
                    "Stansiýanyň nobatçy inženeri",
                ),
                figure="{place} şäheriniň daşyndaky Gün panelleriniň hatarlary",
            ),
        },
    ),
    Story(
        key="hearings",
        section="politics",
        category="legislation",
        tags=("parliament", "water"),
        label="HEARINGS",
        palette=((60, 40, 90), (110, 160, 220)),
        variants=(
            Variant("akburun", 140, 35),
            Variant("kumushkol", 115, 27),
            Variant("denizkent", 160, 48),
        ),
        texts={
            "en": Text(
                title="Public hearings on the draft water law held in {place}",
                intro="About {n} residents, farmers and engineers took part and made {m} "
                "proposals for the draft.",
                paragraphs=(
                    "Members of parliament held public hearings on the draft law on water use in "
                    "{place} on Friday. The draft sets rules for irrigation, for drinking water "
                    "supply and for the protection of rivers and lakes.",
                    "Most of the proposals concerned the fair sharing of irrigation water "
                    "between farms and the repair of old canals. Several speakers asked for "
                    "water meters in apartment blocks.",
                    "The working group will review the proposals before the draft goes to its "
                    "second reading. A summary of the hearings will be published on the "
                    "parliament's website.",
                ),
                heading="What residents asked for",
                quote=(
                    "A law about water has to be written together with the people who open the "
                    "sluice gates.",
                    "Chair of the parliamentary working group",
                ),
                figure="Residents speak at the hearings in {place}",
            ),
            "ru": Text(
                title="В городе {place} прошли общественные слушания по проекту закона о воде",
                intro="Около {n} жителей, фермеров и инженеров внесли {m} предложений к "
                "законопроекту.",
                paragraphs=(
                    "В пятницу депутаты парламента провели в городе {place} общественные "
                    "слушания по проекту закона о водопользовании. Проект устанавливает правила "
                    "орошения, питьевого водоснабжения и охраны рек и озёр.",
                    "Большинство предложений касались справедливого распределения поливной воды "
                    "между хозяйствами и ремонта старых каналов. Несколько выступавших попросили "
                    "установить счётчики воды в многоквартирных домах.",
                    "Рабочая группа рассмотрит предложения до второго чтения законопроекта. "
                    "Итоги слушаний опубликуют на сайте парламента.",
                ),
                heading="О чём просили жители",
                quote=(
                    "Закон о воде нужно писать вместе с теми, кто открывает шлюзы.",
                    "Руководитель парламентской рабочей группы",
                ),
                figure="Жители выступают на слушаниях в городе {place}",
            ),
            "tk": Text(
                title="{place} şäherinde suw baradaky kanun taslamasy boýunça jemgyýetçilik "
                "diňlenişikleri geçirildi",
                intro="Takmynan {n} ýaşaýjy, daýhan we inžener taslama {m} teklip girizdi.",
                paragraphs=(
                    "Anna güni parlamentiň deputatlary {place} şäherinde suwdan peýdalanmak "
                    "baradaky kanun taslamasy boýunça jemgyýetçilik diňlenişiklerini geçirdiler. "
                    "Taslama suwaryş, agyz suwy bilen üpjünçilik we derýalary hem kölleri goramak "
                    "düzgünlerini kesgitleýär.",
                    "Teklipleriň köpüsi suwaryş suwunyň hojalyklaryň arasynda adalatly "
                    "paýlanmagyna we köne kanallaryň abatlanmagyna degişlidi. Birnäçe çykyş "
                    "eden köp gatly jaýlarda suw hasaplaýjylaryny oturtmagy haýyş etdi.",
                    "Iş topary kanun taslamasynyň ikinji okalyşyndan öň teklipleri seljerer. "
                    "Diňlenişikleriň jemleri parlamentiň saýtynda çap ediler.",
                ),
                heading="Ýaşaýjylar näme sorady",
                quote=(
                    "Suw baradaky kanuny suw derwezelerini açýan adamlar bilen bilelikde ýazmaly.",
                    "Parlamentiň iş toparynyň ýolbaşçysy",
                ),
                figure="{place} şäherindäki diňlenişikde çykyş edýän ýaşaýjylar",
            ),
        },
    ),
    Story(
        key="elections",
        section="politics",
        category="elections",
        tags=("elections", "local-councils"),
        label="ELECTIONS",
        palette=((20, 60, 120), (220, 60, 70)),
        variants=(
            Variant("gulzar", 78, 45, (81, 76, 77)),
            Variant("altyndash", 81, 36, (84, 79, 80)),
            Variant("sarybag", 74, 29, (77, 72, 73)),
        ),
        texts={
            "en": Text(
                title="Voters in {place} elect a new local council",
                intro="Turnout reached {n} per cent; {m} candidates stood for the council's seats.",
                paragraphs=(
                    "Polling stations in {place} were open from seven in the morning until seven "
                    "in the evening on Sunday. According to the district election commission, "
                    "{n} per cent of registered voters cast their ballots.",
                    "Observers from political parties and public organisations watched the vote "
                    "and the count at every station. The commission received no complaints that "
                    "could affect the result.",
                    "The new council will hold its first session within a month. Its members "
                    "will elect a chair and form committees on the budget, construction and "
                    "social affairs.",
                ),
                heading="Counting through the night",
                quote=(
                    "I voted for the first time today, and I brought my grandmother with me.",
                    "A young voter in {place}",
                ),
                figure="A polling station in {place}",
                table=Table(
                    "Turnout by district, %",
                    ("District", "Turnout"),
                    (("Central", "{t[0]}"), ("North", "{t[1]}"), ("South", "{t[2]}")),
                ),
            ),
            "ru": Text(
                title="Избиратели города {place} выбрали новый местный совет",
                intro="Явка составила {n} %; на места в совете претендовали {m} кандидатов.",
                paragraphs=(
                    "В воскресенье избирательные участки в городе {place} работали с семи утра до "
                    "семи вечера. По данным окружной избирательной комиссии, проголосовали {n} % "
                    "зарегистрированных избирателей.",
                    "За голосованием и подсчётом голосов на каждом участке следили наблюдатели "
                    "от политических партий и общественных организаций. Жалоб, способных "
                    "повлиять на результат, в комиссию не поступало.",
                    "Новый совет проведёт первую сессию в течение месяца. Депутаты выберут "
                    "председателя и сформируют комитеты по бюджету, строительству и социальным "
                    "вопросам.",
                ),
                heading="Подсчёт всю ночь",
                quote=(
                    "Я сегодня голосовала впервые и привела с собой бабушку.",
                    "Молодая избирательница из города {place}",
                ),
                figure="Избирательный участок в городе {place}",
                table=Table(
                    "Явка по округам, %",
                    ("Округ", "Явка"),
                    (("Центральный", "{t[0]}"), ("Северный", "{t[1]}"), ("Южный", "{t[2]}")),
                ),
            ),
            "tk": Text(
                title="{place} şäheriniň saýlawçylary täze ýerli geňeşi saýladylar",
                intro="Saýlawçylaryň {n} göterimi ses berdi; geňeşdäki orunlar üçin {m} dalaşgär "
                "göreşdi.",
                paragraphs=(
                    "Ýekşenbe güni {place} şäherindäki saýlaw uçastoklary irden sagat ýediden "
                    "agşam sagat ýedä çenli işledi. Okrug saýlaw toparynyň maglumatlaryna görä, "
                    "hasaba alnan saýlawçylaryň {n} göterimi ses berdi.",
                    "Her uçastokda ses berlişine we sesleriň sanalyşyna syýasy partiýalaryň we "
                    "jemgyýetçilik guramalarynyň synçylary gözegçilik etdiler. Topara netijä "
                    "täsir edip biljek şikaýat gelip gowuşmady.",
                    "Täze geňeş bir aýyň dowamynda ilkinji mejlisini geçirer. Onuň agzalary "
                    "başlygy saýlarlar we býujet, gurluşyk hem-de durmuş meseleleri boýunça "
                    "toparlary döredärler.",
                ),
                heading="Gije boýy ses sanamak",
                quote=(
                    "Men şu gün ilkinji gezek ses berdim we enemi hem ýanym bilen getirdim.",
                    "{place} şäherinden ýaş saýlawçy",
                ),
                figure="{place} şäherindäki saýlaw uçastogy",
                table=Table(
                    "Okruglar boýunça işjeňlik, %",
                    ("Okrug", "Işjeňlik"),
                    (("Merkezi", "{t[0]}"), ("Demirgazyk", "{t[1]}"), ("Günorta", "{t[2]}")),
                ),
            ),
        },
    ),
    Story(
        key="consultations",
        section="politics",
        category="diplomacy",
        tags=("diplomacy", "cooperation"),
        label="DIPLOMACY",
        palette=((16, 40, 70), (200, 170, 90)),
        variants=(
            Variant("denizkent", 12, 30),
            Variant("akburun", 8, 25),
            Variant("tazeyol", 6, 20),
        ),
        texts={
            "en": Text(
                title="Foreign ministries hold consultations in {place}",
                intro="The delegations reviewed a programme of {n} joint projects and marked {m} "
                "years of diplomatic relations.",
                paragraphs=(
                    "Delegations of the foreign ministries of two neighbouring countries met in "
                    "{place} for their regular political consultations. The talks covered trade, "
                    "transport links, water management and cultural exchanges.",
                    "The sides reviewed a programme of {n} joint projects, from a border trade "
                    "zone to student exchanges, and agreed to meet again next year in the "
                    "neighbouring capital.",
                    "This year the two countries mark {m} years since they established "
                    "diplomatic relations. A photo exhibition on the history of their friendship "
                    "opened in {place} the same day.",
                ),
                heading="A programme of joint projects",
                quote=(
                    "Good neighbours do not wait for a crisis to talk to each other.",
                    "Head of one of the delegations",
                ),
                figure="The delegations at the start of the consultations",
            ),
            "ru": Text(
                title="В городе {place} прошли консультации министерств иностранных дел",
                intro="Делегации рассмотрели программу из {n} совместных проектов и отметили {m} "
                "лет дипломатических отношений.",
                paragraphs=(
                    "Делегации министерств иностранных дел двух соседних стран провели в городе "
                    "{place} очередные политические консультации. Стороны обсудили торговлю, "
                    "транспортное сообщение, управление водными ресурсами и культурные обмены.",
                    "Стороны рассмотрели программу из {n} совместных проектов — от приграничной "
                    "торговой зоны до студенческих обменов — и договорились встретиться в "
                    "следующем году в столице соседней страны.",
                    "В этом году исполняется {m} лет со дня установления дипломатических "
                    "отношений между двумя странами. В тот же день в городе {place} открылась "
                    "фотовыставка об истории их дружбы.",
                ),
                heading="Программа совместных проектов",
                quote=(
                    "Добрые соседи не ждут кризиса, чтобы поговорить друг с другом.",
                    "Глава одной из делегаций",
                ),
                figure="Делегации в начале консультаций",
            ),
            "tk": Text(
                title="{place} şäherinde daşary işler ministrlikleriniň maslahatlaşyklary "
                "geçirildi",
                intro="Wekiliýetler {n} bilelikdäki taslamanyň maksatnamasyna garadylar we "
                "diplomatik gatnaşyklaryň {m} ýyllygyny bellediler.",
                paragraphs=(
                    "Iki goňşy ýurduň daşary işler ministrlikleriniň wekiliýetleri {place} "
                    "şäherinde nobatdaky syýasy maslahatlaşyklary geçirdiler. Taraplar söwdany, "
                    "ulag aragatnaşygyny, suw serişdelerini dolandyrmagy we medeni alyşmalary ara "
                    "alyp maslahatlaşdylar.",
                    "Taraplar serhet söwda zolagyndan talyp alyşmalaryna çenli {n} bilelikdäki "
                    "taslamany öz içine alýan maksatnama garadylar we indiki ýyl goňşy ýurduň "
                    "paýtagtynda duşuşmagy ylalaşdylar.",
                    "Şu ýyl iki ýurduň arasynda diplomatik gatnaşyklaryň ýola goýlanyna {m} ýyl "
                    "dolýar. Şol gün {place} şäherinde olaryň dostlugynyň taryhyna bagyşlanan "
                    "surat sergisi açyldy.",
                ),
                heading="Bilelikdäki taslamalaryň maksatnamasy",
                quote=(
                    "Gowy goňşular biri-biri bilen gürleşmek üçin krizise garaşmaýarlar.",
                    "Wekiliýetleriň biriniň ýolbaşçysy",
                ),
                figure="Maslahatlaşyklaryň başynda wekiliýetler",
            ),
        },
    ),
    Story(
        key="forum",
        section="politics",
        category="diplomacy",
        tags=("climate", "water", "cooperation"),
        label="FORUM",
        palette=((10, 90, 110), (160, 220, 180)),
        variants=(
            Variant("kumushkol", 350, 40),
            Variant("gulzar", 420, 35),
            Variant("altyndash", 290, 26),
        ),
        texts={
            "en": Text(
                title="International forum on water and climate opens in {place}",
                intro="{n} delegates from {m} countries are discussing how the region can adapt "
                "to hotter summers and scarcer water.",
                paragraphs=(
                    "The two-day forum brings together government officials, scientists and "
                    "representatives of international organisations. Its opening session in "
                    "{place} was devoted to the shrinking glaciers that feed the region's rivers.",
                    "In the panel discussions, experts presented drip irrigation projects, early "
                    "warning systems for floods and mudslides, and programmes for planting "
                    "saxaul in the desert to hold back moving sands.",
                    "The forum is expected to close with a joint declaration calling for closer "
                    "cooperation in monitoring water resources.",
                ),
                heading="From science to practice",
                quote=(
                    "Rivers do not know where the borders are, so their care has to be shared.",
                    "A hydrologist speaking at the forum",
                ),
                figure="The plenary hall of the forum in {place}",
            ),
            "ru": Text(
                title="В городе {place} открылся международный форум по воде и климату",
                intro="{n} делегатов из {m} стран обсуждают, как региону приспособиться к более "
                "жаркому лету и нехватке воды.",
                paragraphs=(
                    "Двухдневный форум собрал представителей правительств, учёных и "
                    "международных организаций. Открывающая сессия в городе {place} была "
                    "посвящена сокращению ледников, питающих реки региона.",
                    "На панельных дискуссиях эксперты представили проекты капельного орошения, "
                    "системы раннего оповещения о паводках и селях, а также программы посадки "
                    "саксаула в пустыне для закрепления подвижных песков.",
                    "Ожидается, что форум завершится совместной декларацией с призывом к более "
                    "тесному сотрудничеству в мониторинге водных ресурсов.",
                ),
                heading="От науки к практике",
                quote=(
                    "Реки не знают, где проходят границы, поэтому заботиться о них нужно сообща.",
                    "Гидролог, выступивший на форуме",
                ),
                figure="Пленарный зал форума в городе {place}",
            ),
            "tk": Text(
                title="{place} şäherinde suw we howa boýunça halkara forum açyldy",
                intro="{m} ýurtdan {n} wekil sebitiň has yssy tomuslara we suw ýetmezçiligine "
                "nädip uýgunlaşyp biljekdigini ara alyp maslahatlaşýar.",
                paragraphs=(
                    "Iki günlük foruma hökümet işgärleri, alymlar we halkara guramalaryň "
                    "wekilleri gatnaşýar. {place} şäherindäki açylyş mejlisi sebitiň derýalaryny "
                    "iýmitlendirýän buzluklaryň azalmagyna bagyşlandy.",
                    "Panel çekişmelerinde hünärmenler damjalaýyn suwaryş taslamalaryny, sil we "
                    "ýer süýşmesi barada irki habar beriş ulgamlaryny hem-de süýşýän çägeleri "
                    "saklamak üçin çölde sazak ekmek maksatnamalaryny hödürlediler.",
                    "Forumyň suw serişdelerine gözegçilik etmekde has ýakyn hyzmatdaşlyga "
                    "çagyrýan bilelikdäki jarnama bilen tamamlanmagyna garaşylýar.",
                ),
                heading="Ylymdan tejribä",
                quote=(
                    "Derýalar serhetleriň nireden geçýändigini bilmeýär, şonuň üçin olar hakda "
                    "bilelikde alada etmeli.",
                    "Forumda çykyş eden gidrolog",
                ),
                figure="{place} şäherindäki forumyň umumy mejlis zaly",
            ),
        },
    ),
    Story(
        key="service-centre",
        section="politics",
        category="public-services",
        tags=("public-services", "digital"),
        label="SERVICES",
        palette=((40, 110, 80), (180, 230, 200)),
        variants=(
            Variant("sarybag", 60, 12),
            Variant("tazeyol", 75, 14),
            Variant("akburun", 90, 20),
        ),
        texts={
            "en": Text(
                title="One-stop public service centre opens in {place}",
                intro="Residents can now apply for {n} kinds of documents and services at {m} "
                "counters under one roof.",
                paragraphs=(
                    "A public service centre has opened in the middle of {place}. Residents can "
                    "apply there for passports, birth certificates, building permits and social "
                    "benefits without visiting several offices.",
                    "The centre is open six days a week, and an electronic queue lets visitors "
                    "book a time in advance. Many services can also be requested online and "
                    "the documents collected at the centre.",
                    "Similar centres are planned in two more towns of the region next year.",
                ),
                heading="Fewer queues",
                quote=(
                    "It took me twenty minutes to do what used to take three days.",
                    "A visitor to the new centre",
                ),
                figure="The waiting hall of the new centre",
            ),
            "ru": Text(
                title="В городе {place} открылся центр госуслуг «одного окна»",
                intro="Жители могут оформить {n} видов документов и услуг у {m} окон под одной "
                "крышей.",
                paragraphs=(
                    "В центре города {place} открылся центр государственных услуг. Здесь можно "
                    "подать документы на паспорт, свидетельство о рождении, разрешение на "
                    "строительство и социальные пособия, не обходя несколько учреждений.",
                    "Центр работает шесть дней в неделю, а электронная очередь позволяет "
                    "заранее записаться на удобное время. Многие услуги можно заказать онлайн и "
                    "получить готовые документы в центре.",
                    "В следующем году похожие центры планируют открыть ещё в двух городах региона.",
                ),
                heading="Меньше очередей",
                quote=(
                    "За двадцать минут я сделал то, на что раньше уходило три дня.",
                    "Посетитель нового центра",
                ),
                figure="Зал ожидания нового центра",
            ),
            "tk": Text(
                title="{place} şäherinde «bir penjire» döwlet hyzmatlary merkezi açyldy",
                intro="Ýaşaýjylar indi bir üçegiň astynda {m} penjirede {n} görnüşli resminama "
                "we hyzmat üçin ýüz tutup bilerler.",
                paragraphs=(
                    "{place} şäheriniň merkezinde döwlet hyzmatlary merkezi açyldy. Bu ýerde "
                    "birnäçe edarany aýlanmazdan pasport, dogluş hakynda şahadatnama, gurluşyk "
                    "rugsatnamasy we durmuş kömek pullary üçin resminamalary tabşyryp bolýar.",
                    "Merkez hepdede alty gün işleýär, elektron nobat bolsa amatly wagta öňünden "
                    "ýazylmaga mümkinçilik berýär. Köp hyzmatlary onlaýn sargyt edip, taýýar "
                    "resminamalary merkezden alyp bolýar.",
                    "Indiki ýyl şeýle merkezleri sebitiň ýene iki şäherinde açmak "
                    "meýilleşdirilýär.",
                ),
                heading="Nobatlar azalýar",
                quote=(
                    "Öň üç gün gerek bolan işi ýigrimi minutda bitirdim.",
                    "Täze merkeze gelen raýat",
                ),
                figure="Täze merkeziň garaşylýan zaly",
            ),
        },
    ),
    Story(
        key="theatre-festival",
        section="culture",
        category="theatre",
        tags=("theatre", "festivals"),
        label="THEATRE",
        palette=((110, 16, 40), (240, 150, 60)),
        variants=(
            Variant("altyndash", 16, 28),
            Variant("denizkent", 12, 25),
            Variant("kumushkol", 19, 35),
        ),
        texts={
            "en": Text(
                title="Theatre festival in {place} raises the curtain",
                intro="{n} troupes will give {m} performances, from classical drama to puppet "
                "shows for children.",
                paragraphs=(
                    "The annual theatre festival opened in {place} with a new production of a "
                    "classical comedy by the town's drama theatre. Over ten days, {n} troupes "
                    "from the country and abroad will give {m} performances.",
                    "For the first time, the programme includes street performances in the "
                    "central park and a puppet theatre stage for the youngest spectators. "
                    "Workshops for young actors and stage designers run every morning.",
                    "Tickets for the evening performances are almost sold out, but the "
                    "organisers promise to show several of them on a big screen in the main "
                    "square.",
                ),
                heading="Puppets and street theatre",
                quote=(
                    "A festival is a week when the whole town becomes a stage.",
                    "Artistic director of the festival",
                ),
                figure="Actors rehearse before the opening night in {place}",
            ),
            "ru": Text(
                title="В городе {place} открылся театральный фестиваль",
                intro="{n} трупп покажут {m} спектаклей — от классической драмы до кукольных "
                "представлений для детей.",
                paragraphs=(
                    "Ежегодный театральный фестиваль открылся в городе {place} новой постановкой "
                    "классической комедии на сцене городского драматического театра. За десять "
                    "дней {n} трупп из страны и из-за рубежа покажут {m} спектаклей.",
                    "Впервые в программе — уличные представления в центральном парке и сцена "
                    "кукольного театра для самых маленьких зрителей. По утрам проходят "
                    "мастер-классы для молодых актёров и художников-постановщиков.",
                    "Билеты на вечерние спектакли почти распроданы, но организаторы обещают "
                    "показать некоторые из них на большом экране на главной площади.",
                ),
                heading="Куклы и уличный театр",
                quote=(
                    "Фестиваль — это неделя, когда весь город становится сценой.",
                    "Художественный руководитель фестиваля",
                ),
                figure="Актёры репетируют перед премьерой в городе {place}",
            ),
            "tk": Text(
                title="{place} şäherinde teatr festiwalynyň perdesi açyldy",
                intro="{n} teatr topary nusgawy dramadan çagalar üçin gurjak oýunlaryna çenli {m} "
                "tomaşa görkezer.",
                paragraphs=(
                    "Ýyllyk teatr festiwaly {place} şäherinde şäher drama teatrynyň nusgawy "
                    "komediýanyň täze goýluşy bilen açyldy. On günüň dowamynda ýurdumyzdan we "
                    "daşary ýurtlardan gelen {n} topar {m} tomaşa görkezer.",
                    "Maksatnama ilkinji gezek merkezi seýilgähdäki köçe çykyşlary we iň kiçi "
                    "tomaşaçylar üçin gurjak teatrynyň sahnasy girizildi. Her gün irden ýaş "
                    "aktýorlar we sahna suratkeşleri üçin ussatlyk sapaklary geçirilýär.",
                    "Agşamky tomaşalaryň biletleri satylyp gutarmak üzre, emma guramaçylar "
                    "olaryň käbirini baş meýdançadaky uly ekranda görkezmegi wada berýärler.",
                ),
                heading="Gurjaklar we köçe teatry",
                quote=(
                    "Festiwal tutuş şäheriň sahna öwrülýän hepdesidir.",
                    "Festiwalyň çeper ýolbaşçysy",
                ),
                figure="Aktýorlar {place} şäherinde ilkinji tomaşanyň öňüsyrasynda türgenleşýärler",
            ),
        },
    ),
    Story(
        key="museum",
        section="culture",
        category="museums",
        tags=("museums", "archaeology"),
        label="MUSEUM",
        palette=((70, 50, 30), (210, 170, 120)),
        variants=(
            Variant("gulzar", 220, 15),
            Variant("sarybag", 180, 20),
            Variant("tazeyol", 145, 12),
        ),
        texts={
            "en": Text(
                title="Museum in {place} shows finds from ancient settlements",
                intro="More than {n} objects found by archaeologists over {m} years are on "
                "display for the first time.",
                paragraphs=(
                    "The regional museum of {place} has opened an exhibition of finds from "
                    "ancient settlements in the river valley. Jewellery, painted pottery, bronze "
                    "mirrors and seals are shown together for the first time.",
                    "Many of the objects were cleaned and restored in the museum's own "
                    "workshop. Interactive screens show how the settlements may have looked and "
                    "how the excavations were carried out.",
                    "The exhibition runs until the end of the year. Guided tours in three "
                    "languages are offered at weekends, and school classes visit free of charge.",
                ),
                heading="Restored in the museum's workshop",
                quote=(
                    "Every shard on these shelves was once in somebody's hands.",
                    "Head of the archaeological expedition",
                ),
                figure="Painted pottery in the new exhibition",
            ),
            "ru": Text(
                title="Музей города {place} показывает находки из древних поселений",
                intro="Более {n} предметов, найденных археологами за {m} лет, выставлены впервые.",
                paragraphs=(
                    "Областной музей города {place} открыл выставку находок из древних поселений "
                    "речной долины. Украшения, расписная керамика, бронзовые зеркала и печати "
                    "впервые показаны вместе.",
                    "Многие предметы были очищены и отреставрированы в собственной мастерской "
                    "музея. Интерактивные экраны показывают, как могли выглядеть поселения и как "
                    "велись раскопки.",
                    "Выставка продлится до конца года. По выходным проводятся экскурсии на трёх "
                    "языках, школьные классы посещают её бесплатно.",
                ),
                heading="Отреставрировано в мастерской музея",
                quote=(
                    "Каждый черепок на этих полках когда-то был в чьих-то руках.",
                    "Руководитель археологической экспедиции",
                ),
                figure="Расписная керамика на новой выставке",
            ),
            "tk": Text(
                title="{place} şäheriniň muzeýi gadymy ýaşaýyş ýerlerinden tapylan zatlary "
                "görkezýär",
                intro="Arheologlaryň {m} ýylyň dowamynda tapan {n}-den gowrak zady ilkinji gezek "
                "görkezilýär.",
                paragraphs=(
                    "{place} şäheriniň welaýat muzeýi derýa jülgesindäki gadymy ýaşaýyş "
                    "ýerlerinden tapylan zatlaryň sergisini açdy. Şaý-sepler, nagyşly küýzeler, "
                    "bürünç aýnalar we möhürler ilkinji gezek bile görkezilýär.",
                    "Zatlaryň köpüsi muzeýiň öz ussahanasynda arassalandy we dikeldildi. "
                    "Interaktiw ekranlar ýaşaýyş ýerleriniň nähili görnüşde bolandygyny we "
                    "gazuw-agtaryş işleriniň nähili geçirilendigini görkezýär.",
                    "Sergi ýylyň ahyryna çenli dowam eder. Dynç günleri üç dilde gezelençler "
                    "guralýar, mekdep synplary ony mugt görüp bilerler.",
                ),
                heading="Muzeýiň ussahanasynda dikeldildi",
                quote=(
                    "Bu tekjelerdäki her bir döwük gap haçanda bolsa biriniň elinde bolupdyr.",
                    "Arheologik ekspedisiýanyň ýolbaşçysy",
                ),
                figure="Täze sergidäki nagyşly küýzeler",
            ),
        },
    ),
    Story(
        key="music-contest",
        section="culture",
        category="music",
        tags=("music", "youth", "festivals"),
        label="MUSIC",
        palette=((60, 20, 100), (240, 90, 160)),
        variants=(
            Variant("akburun", 65, 12, (30,)),
            Variant("kumushkol", 58, 10, (26,)),
            Variant("denizkent", 70, 15, (32,)),
        ),
        texts={
            "en": Text(
                title="Young singers compete in the pop music final in {place}",
                intro="{m} finalists, chosen from {n} participants, performed with a live "
                "orchestra.",
                paragraphs=(
                    "The final of the youth pop music contest took place on the open-air stage "
                    "in {place}. The finalists were chosen from {n} young singers who sent "
                    "recordings or sang at the regional rounds.",
                    "In the final, each singer performed one folk song in a new arrangement and "
                    "one song of their own choice, accompanied by a live orchestra. The jury "
                    "included composers, singers and music teachers.",
                    "The winners will record their songs in a professional studio and perform at "
                    "the New Year concert.",
                ),
                heading="A live orchestra",
                quote=("I sang my grandmother's lullaby, only faster.", "One of the finalists"),
                figure="Finalists on the open-air stage in {place}",
                table=Table(
                    "Contest rounds",
                    ("Round", "Singers"),
                    (("Recordings", "{n}"), ("Regional rounds", "{t[0]}"), ("Final", "{m}")),
                ),
            ),
            "ru": Text(
                title="В городе {place} прошёл финал конкурса молодых исполнителей эстрадной песни",
                intro="{m} финалистов, отобранных из {n} участников, выступили с живым оркестром.",
                paragraphs=(
                    "Финал молодёжного конкурса эстрадной песни прошёл на открытой сцене в городе "
                    "{place}. Финалистов выбрали из {n} молодых исполнителей, которые прислали "
                    "записи или выступили на региональных турах.",
                    "В финале каждый исполнитель спел одну народную песню в новой аранжировке и "
                    "одну песню на свой выбор в сопровождении живого оркестра. В жюри вошли "
                    "композиторы, певцы и преподаватели музыки.",
                    "Победители запишут свои песни в профессиональной студии и выступят на "
                    "новогоднем концерте.",
                ),
                heading="Живой оркестр",
                quote=("Я спела бабушкину колыбельную, только быстрее.", "Одна из финалисток"),
                figure="Финалисты на открытой сцене в городе {place}",
                table=Table(
                    "Этапы конкурса",
                    ("Этап", "Участники"),
                    (("Записи", "{n}"), ("Региональные туры", "{t[0]}"), ("Финал", "{m}")),
                ),
            ),
            "tk": Text(
                title="{place} şäherinde ýaş estrada aýdymçylarynyň bäsleşiginiň jemleýji "
                "tapgyry geçirildi",
                intro="{n} gatnaşyjynyň arasyndan saýlanan {m} finalçy janly orkestriň "
                "ugratmagynda çykyş etdi.",
                paragraphs=(
                    "Ýaşlaryň estrada aýdymlary bäsleşiginiň jemleýji tapgyry {place} "
                    "şäherindäki açyk sahnada geçirildi. Finalçylar ýazgylaryny iberen ýa-da "
                    "sebit tapgyrlarynda çykyş eden {n} ýaş aýdymçynyň arasyndan saýlandy.",
                    "Finalda her aýdymçy janly orkestriň ugratmagynda täzeden işlenen bir halk "
                    "aýdymyny we öz saýlan bir aýdymyny ýerine ýetirdi. Emin agzalarynyň "
                    "hataryna kompozitorlar, aýdymçylar we saz mugallymlary girdi.",
                    "Ýeňijiler öz aýdymlaryny hünärmen studiýada ýazdyrarlar we Täze ýyl "
                    "konsertinde çykyş ederler.",
                ),
                heading="Janly orkestr",
                quote=("Men mamamyň hüwdüsini aýtdym, diňe has çaltrak.", "Finalçylaryň biri"),
                figure="{place} şäherindäki açyk sahnada finalçylar",
                table=Table(
                    "Bäsleşigiň tapgyrlary",
                    ("Tapgyr", "Gatnaşyjylar"),
                    (("Ýazgylar", "{n}"), ("Sebit tapgyrlary", "{t[0]}"), ("Final", "{m}")),
                ),
            ),
        },
    ),
    Story(
        key="olympiad",
        section="culture",
        category="science",
        tags=("science", "education", "youth"),
        label="OLYMPIAD",
        palette=((10, 60, 90), (90, 200, 240)),
        variants=(
            Variant("tazeyol", 240, 45, (3, 4, 5, 3, 4, 5, 2, 4, 5, 2, 3, 5)),
            Variant("gulzar", 210, 40, (3, 4, 4, 2, 4, 4, 2, 3, 5, 2, 3, 4)),
            Variant("altyndash", 185, 36, (2, 3, 4, 2, 3, 4, 2, 3, 4, 2, 3, 4)),
        ),
        texts={
            "en": Text(
                title="Science olympiad for school pupils ends in {place}",
                intro="{n} pupils competed in mathematics, physics, chemistry and computer "
                "science; {m} medals were awarded.",
                paragraphs=(
                    "The national science olympiad for secondary school pupils ended in {place} "
                    "on Friday. Over four days, the participants solved theoretical problems and "
                    "carried out laboratory experiments.",
                    "This year the jury set open problems with several possible solutions, "
                    "which rewarded original thinking. In computer science, participants wrote "
                    "programs that plan the routes of delivery vans.",
                    "The best participants will form the teams for the international olympiads "
                    "next spring and will attend a training camp at the university.",
                ),
                heading="Problems without a single answer",
                quote=(
                    "The hardest problem was about a sand dune moving in the wind. I solved it on "
                    "the bus back to the hotel.",
                    "A gold medallist in physics",
                ),
                figure="Participants during the practical round",
                table=Table(
                    "Medals by subject",
                    ("Subject", "Gold", "Silver", "Bronze"),
                    (
                        ("Mathematics", "{t[0]}", "{t[1]}", "{t[2]}"),
                        ("Physics", "{t[3]}", "{t[4]}", "{t[5]}"),
                        ("Chemistry", "{t[6]}", "{t[7]}", "{t[8]}"),
                        ("Computer science", "{t[9]}", "{t[10]}", "{t[11]}"),
                    ),
                ),
            ),
            "ru": Text(
                title="В городе {place} завершилась научная олимпиада школьников",
                intro="{n} школьников соревновались в математике, физике, химии и информатике; "
                "вручено {m} медалей.",
                paragraphs=(
                    "В пятницу в городе {place} завершилась национальная научная олимпиада для "
                    "учащихся старших классов. За четыре дня участники решали теоретические "
                    "задачи и проводили лабораторные опыты.",
                    "В этом году жюри включило открытые задачи с несколькими возможными "
                    "решениями, которые поощряли оригинальное мышление. Участники по "
                    "информатике писали программы для планирования маршрутов машин доставки.",
                    "Лучшие участники войдут в команды на международные олимпиады следующей "
                    "весной и пройдут учебные сборы в университете.",
                ),
                heading="Задачи без единственного ответа",
                quote=(
                    "Самая трудная задача была о бархане, который движется под ветром. Я решил её "
                    "в автобусе по дороге в гостиницу.",
                    "Золотой призёр по физике",
                ),
                figure="Участники во время практического тура",
                table=Table(
                    "Медали по предметам",
                    ("Предмет", "Золото", "Серебро", "Бронза"),
                    (
                        ("Математика", "{t[0]}", "{t[1]}", "{t[2]}"),
                        ("Физика", "{t[3]}", "{t[4]}", "{t[5]}"),
                        ("Химия", "{t[6]}", "{t[7]}", "{t[8]}"),
                        ("Информатика", "{t[9]}", "{t[10]}", "{t[11]}"),
                    ),
                ),
            ),
            "tk": Text(
                title="{place} şäherinde okuwçylaryň ylmy olimpiadasy tamamlandy",
                intro="{n} okuwçy matematika, fizika, himiýa we informatika boýunça bäsleşdi; "
                "{m} medal gowşuryldy.",
                paragraphs=(
                    "Anna güni {place} şäherinde orta mekdepleriň ýokary synp okuwçylary üçin "
                    "milli ylmy olimpiada tamamlandy. Dört günüň dowamynda gatnaşyjylar nazary "
                    "meseleleri çözdüler we tejribehana synaglaryny geçirdiler.",
                    "Şu ýyl emin agzalary özboluşly pikirlenmäni höweslendirýän, birnäçe mümkin "
                    "çözgüdi bolan açyk meseleleri girizdiler. Informatika boýunça gatnaşyjylar "
                    "eltip beriş ulaglarynyň ugurlaryny meýilleşdirýän programmalary ýazdylar.",
                    "Iň gowy gatnaşyjylar indiki ýaz halkara olimpiadalara gatnaşjak toparlara "
                    "girerler we uniwersitetde okuw ýygnanyşygyna gatnaşarlar.",
                ),
                heading="Ýeke-täk jogaby bolmadyk meseleler",
                quote=(
                    "Iň kyn mesele ýel bilen süýşýän çäge depesi hakdady. Men ony myhmanhana "
                    "gaýdyp barýan awtobusda çözdüm.",
                    "Fizika boýunça altyn medalyň eýesi",
                ),
                figure="Amaly tapgyryň dowamynda gatnaşyjylar",
                table=Table(
                    "Dersler boýunça medallar",
                    ("Ders", "Altyn", "Kümüş", "Bürünç"),
                    (
                        ("Matematika", "{t[0]}", "{t[1]}", "{t[2]}"),
                        ("Fizika", "{t[3]}", "{t[4]}", "{t[5]}"),
                        ("Himiýa", "{t[6]}", "{t[7]}", "{t[8]}"),
                        ("Informatika", "{t[9]}", "{t[10]}", "{t[11]}"),
                    ),
                ),
            ),
        },
    ),
    Story(
        key="book-fair",
        section="culture",
        category="literature",
        tags=("books", "education"),
        label="BOOK FAIR",
        palette=((30, 80, 60), (230, 120, 80)),
        variants=(
            Variant("denizkent", 75, 12),
            Variant("sarybag", 60, 9),
            Variant("kumushkol", 85, 15),
        ),
        texts={
            "en": Text(
                title="Book fair in {place} draws readers of all ages",
                intro="{n} publishers brought about {m} thousand titles, from textbooks to poetry "
                "and comics.",
                paragraphs=(
                    "The book fair in the central library of {place} welcomed its first visitors "
                    "on Saturday morning. Publishers from the country and abroad are presenting "
                    "about {m} thousand titles.",
                    "Poets, novelists and translators meet readers every afternoon, and a "
                    "separate hall is devoted to children's books and reading games. A new "
                    "translation of a classic collection of folk tales was presented on the "
                    "opening day.",
                    "Part of the books from the fair will be donated to the libraries of village "
                    "schools in the region.",
                ),
                heading="Meetings with authors",
                quote=(
                    "A child who leaves a fair with one book usually comes back for five.",
                    "A publisher of children's books",
                ),
                figure="Young readers in the children's hall of the fair",
            ),
            "ru": Text(
                title="Книжная ярмарка в городе {place} собрала читателей всех возрастов",
                intro="{n} издательств привезли около {m} тыс. названий — от учебников до поэзии и "
                "комиксов.",
                paragraphs=(
                    "Книжная ярмарка в центральной библиотеке города {place} приняла первых "
                    "посетителей в субботу утром. Издательства из страны и из-за рубежа "
                    "представляют около {m} тыс. названий.",
                    "Каждый день после обеда поэты, прозаики и переводчики встречаются с "
                    "читателями, а отдельный зал отведён детским книгам и играм для чтения. В "
                    "день открытия представили новый перевод классического сборника народных "
                    "сказок.",
                    "Часть книг с ярмарки передадут в библиотеки сельских школ региона.",
                ),
                heading="Встречи с авторами",
                quote=(
                    "Ребёнок, который уходит с ярмарки с одной книгой, обычно возвращается за "
                    "пятью.",
                    "Издатель детской литературы",
                ),
                figure="Юные читатели в детском зале ярмарки",
            ),
            "tk": Text(
                title="{place} şäherindäki kitap ýarmarkasy ähli ýaşdaky okyjylary jemledi",
                intro="{n} neşirýat okuw kitaplaryndan başlap goşgulara we komikslere çenli "
                "takmynan {m} müň at kitap getirdi.",
                paragraphs=(
                    "{place} şäheriniň merkezi kitaphanasyndaky kitap ýarmarkasy ilkinji "
                    "myhmanlaryny şenbe güni irden kabul etdi. Ýurdumyzyň we daşary ýurtlaryň "
                    "neşirýatlary takmynan {m} müň at kitaby hödürleýärler.",
                    "Her gün günortandan soň şahyrlar, ýazyjylar we terjimeçiler okyjylar bilen "
                    "duşuşýarlar, aýratyn zal bolsa çagalar kitaplaryna we okamak oýunlaryna "
                    "bagyşlandy. Açylyş güni halk ertekileriniň nusgawy ýygyndysynyň täze "
                    "terjimesi tanyşdyryldy.",
                    "Ýarmarkadaky kitaplaryň bir bölegi sebitiň oba mekdepleriniň "
                    "kitaphanalaryna sowgat ediler.",
                ),
                heading="Awtorlar bilen duşuşyklar",
                quote=(
                    "Ýarmarkadan bir kitap bilen giden çaga, adatça, bäş kitap üçin gaýdyp gelýär.",
                    "Çagalar edebiýatynyň neşirçisi",
                ),
                figure="Ýarmarkanyň çagalar zalynda ýaş okyjylar",
            ),
        },
    ),
)
