//! The phrases documents are made of. Slots: `{S}` 本システム or the system's name, `{SYS}` the
//! system's name, `{N}` 2–9, `{NN}` 10–99, `{NNN}` 1,000–9,999, `{Y}` a Reiwa year, `{M}` a month,
//! `{D}` a document, `{O}` an office, `{T}` a kind of case, `{R}` a role, `{F}` a function, `{A}` a
//! moderate availability, `{AH}` an excessive one, `{G}` 3–7 generations, `{GH}` too many,
//! `{SEC}` a response time in seconds.

pub(crate) struct Chapter {
    pub(crate) title: &'static str,
    /// Share of the document's size.
    pub(crate) weight: usize,
    /// Sections; an empty list is the attachments chapter.
    pub(crate) topics: &'static [Topic],
}

pub(crate) struct Topic {
    pub(crate) title: &'static str,
    pub(crate) clean: &'static [&'static str],
    /// (rule id, sentence).
    pub(crate) flawed: &'static [(&'static str, &'static str)],
    /// Numbered items `(1) ...` under the section.
    pub(crate) items: &'static [&'static str],
    /// A table (first row is the header).
    pub(crate) table: Option<&'static [&'static [&'static str]]>,
}

pub(crate) const SYSTEM_PREFIXES: &[&str] = &[
    "〇〇",
    "労働関係助成金",
    "年金給付",
    "雇用保険",
    "医療費助成",
    "介護保険",
    "求人情報",
    "職業訓練",
    "予防接種記録",
    "児童手当",
    "統計調査",
    "〇〇給付金",
    "〇〇相談支援",
];

pub(crate) const SYSTEM_KINDS: &[&str] = &[
    "オンライン申請システム",
    "支給管理システム",
    "業務システム",
    "台帳管理システム",
    "情報提供サイト",
    "共通基盤",
    "審査支援システム",
];

pub(crate) const WORKS: &[&str] = &[
    "の設計・開発及び運用保守業務",
    "の運用保守業務",
    "の更改に係る設計・構築業務",
    "に係る機器賃貸借及び保守業務",
    "の工程管理支援業務",
];

pub(crate) const MINISTRIES: &[&str] = &["厚生労働省", "デジタル庁", "総務省", "文部科学省", "国土交通省"];

pub(crate) const DOCUMENTS: &[&str] = &[
    "プロジェクト計画書",
    "基本設計書",
    "詳細設計書",
    "テスト計画書",
    "テスト結果報告書",
    "移行計画書",
    "運用手順書",
    "保守手順書",
    "運用保守報告書",
    "議事録",
    "課題管理表",
    "リスク管理表",
    "構成管理台帳",
    "作業報告書",
];

pub(crate) const OFFICES: &[&str] =
    &["都道府県労働局", "ハローワーク", "年金事務所", "地方厚生局", "市区町村の窓口", "相談窓口"];

pub(crate) const THINGS: &[&str] = &["申請", "届出", "相談", "照会", "給付の請求", "審査"];

pub(crate) const ROLES: &[&str] =
    &["プロジェクト管理者", "運用要員", "保守要員", "品質管理責任者", "情報セキュリティ責任者", "業務担当者"];

pub(crate) const FUNCTIONS: &[&str] = &[
    "申請受付機能",
    "審査支援機能",
    "通知機能",
    "連携機能",
    "帳票出力機能",
    "統計機能",
    "利用者管理機能",
    "ログ管理機能",
];

pub(crate) const KATAKANA_MARKS: &[&str] = &["ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク"];

pub(crate) const WAIVER_REASONS: &[&str] =
    &["PMO協議済み（令和8年4月）", "業務継続計画で定めた水準のため", "現行契約との整合のため当面維持する"];

pub(crate) const ATTACHMENTS: &[&str] = &[
    "別紙1 業務フロー及び業務量",
    "別紙2 要件定義書",
    "別紙3 現行システムの構成",
    "別紙4 情報セキュリティ対策基準（抜粋）",
    "別紙5 閲覧資料一覧",
];

/// Sentences that fit anywhere in a spec.
pub(crate) const COMMON: &[&str] = &[
    "受注者は、作業の実施に当たり、発注者と協議の上、作業計画を定めるものとする。",
    "受注者は、毎月の定例会において、前月の作業実績と当月の作業予定を報告すること。",
    "受注者は、{D}を作成し、発注者の承認を受けること。",
    "受注者は、{D}に変更が生じた場合は、変更内容を2営業日以内に発注者に報告し、承認を受けること。",
    "詳細は、別紙2「要件定義書」のとおりとする。",
    "作業の実施に当たっては、発注者の指示に従うこと。",
    "本仕様書に定めのない事項は、発注者と受注者が協議の上決定する。",
    "受注者は、本業務の実施に当たり、関係法令及び発注者の規程を遵守すること。",
    "会議の議事録は、会議の開催日から{N}営業日以内に提出すること。",
    "受注者は、作業の進捗状況を毎月10日までに報告すること。",
    "受注者は、課題及びリスクを管理表に記録し、対応状況を定例会で報告すること。",
    "本業務に係る費用は、全て契約金額に含むものとする。",
    "{S}の利用者数は、外部利用者が約{NN}万者、職員が約{NNN}人と見込んでいる。",
    "全国の{O}で年間約{NN}万件の{T}を受け付けている。",
];

const OVERVIEW_CLEAN: &[&str] = &[
    "発注者は、{O}における{T}の事務を所管しており、{SYS}（以下「本システム」という。）を運用している。",
    "現在は{T}の多くが紙で提出されており、職員が内容を業務システムに入力した上で審査を行っている。",
    "このため、{T}から処理の完了までに平均で約{N}か月を要しており、職員の入力作業の削減が課題となっている。",
    "「デジタル社会の実現に向けた重点計画」では、行政手続のオンライン化を徹底する方針が示されている。",
    "本業務は、本システムの設計、開発、テスト、移行及び運用保守を行うことを目的とする。",
    "本業務は、{S}の運用保守を行い、安定した稼働を確保することを目的とする。",
    "本システムの稼働後、現行システムの業務は順次本システムに移行する。",
    "なお、現行の業務システムは、庁舎内のサーバ室に設置した物理サーバで稼働している。",
    "契約締結日から令和{Y}年3月31日までとする。",
];

const OVERVIEW_FLAWED: &[(&str, &str)] = &[
    (
        "procurement/brand-name",
        "現行システムの機器の賃貸借期間が満了することに伴い、データベース管理システムはOracle Database 19cを使用すること。",
    ),
    ("digital/analog-procedure", "申請者は、来庁して本人確認書類を提示すること。"),
];

const PROCUREMENT_CLEAN: &[&str] = &[
    "本調達は、本システムの設計・開発及び運用保守を一つの調達単位とする。",
    "総合評価落札方式（加算方式）による一般競争入札とする。",
    "本調達に関連する調達案件は、次のとおりである。",
    "関連する調達案件の受注者とは、月1回情報を共有し、作業の調整を行うこと。",
    "工程管理支援業務の受注者が行う進捗の確認に協力すること。",
];

const WORK_CLEAN: &[&str] = &[
    "受注者は、契約締結日から{N}週間以内にプロジェクト計画書を作成し、発注者の承認を受けること。",
    "受注者は、プロジェクト計画書に基づき、進捗、課題、リスク、品質及び変更の管理を行うこと。",
    "受注者は、別紙2「要件定義書」に基づき、基本設計及び詳細設計を行い、設計書を作成すること。",
    "設計に当たっては、発注者と設計レビューを行い、指摘事項への対応結果を記録すること。",
    "受注者は、設計書に基づきプログラムの開発を行い、単体テスト、結合テスト及び総合テストを実施すること。",
    "テストの計画、テストケース及び結果は、テスト計画書及びテスト結果報告書として取りまとめること。",
    "受注者は、移行リハーサルを{N}回以上実施した上で本番移行を行うこと。",
    "受注者は、発注者が実施する受入テストについて、テスト環境の準備及びテストデータの作成を行うこと。",
    "受注者は、本番稼働後、別紙2「要件定義書」に定める運用及び保守の作業を行うこと。",
    "受注者は、契約期間の終了までに、次期の運用保守事業者に対して引継ぎを行うこと。",
    "受注者は、{F}の操作方法について、職員向けの研修を{N}回実施すること。",
    "問合せへの回答は、受付から{N}営業日以内に行うこと。",
    "障害を検知した場合は、検知から1時間以内に発注者に第一報を報告すること。",
    "受注者は、{R}を選任し、その氏名及び連絡先を発注者に届け出ること。",
];

const WORK_FLAWED: &[(&str, &str)] = &[
    ("wording/vague-term", "受注者は、作業の進捗状況を適宜報告すること。"),
    ("wording/vague-term", "受注者は、必要に応じて担当職員と協議すること。"),
    ("wording/vague-term", "受注者は、可能な限り作業の効率化を図ること。"),
    ("digital/analog-procedure", "受注者は、{D}に押印の上、書面により提出すること。"),
    ("digital/analog-procedure", "バックアップの取得結果は、運用要員が目視で確認すること。"),
    ("nfr/onsite-support", "受注者は、障害に即時対応するため、保守要員を24時間常駐させること。"),
    ("nfr/onsite-support", "受注者は、開庁時間中、運用要員1名を発注者の庁舎に常駐させること。"),
];

const DELIVERABLES_CLEAN: &[&str] = &[
    "成果物は、日本語で作成し、電子データにより提出すること。",
    "電子データの形式は、PDF形式及び編集可能な形式（発注者が指定するもの）とする。",
    "成果物の提出に当たっては、最新の定義ファイルに更新したウイルス対策ソフトウェアで検査を行うこと。",
    "発注者が指定するファイル共有サービスの所定の場所とする。",
    "成果物の納品期限は、次の表のとおりとする。",
];

const DELIVERABLES_FLAWED: &[(&str, &str)] = &[
    ("digital/analog-procedure", "受注者は、成果物を紙媒体で2部、電子媒体で1部納入すること。"),
    ("digital/analog-procedure", "成果物には受注者の責任者が押印すること。"),
];

const FUNCTIONAL_CLEAN: &[&str] = &[
    "申請者は、GビズIDを用いてログインし、申請書の作成、添付書類の登録及び申請状況の確認を行えること。",
    "事業主の名称、代表者の氏名及び所在地を登録し、職員が検索できること。",
    "氏名及び住所の文字は、文字情報基盤（MJ文字）を用いて管理すること。",
    "審査結果は、決裁の完了後に申請者に電子的に通知できること。",
    "関係システムとのデータ連携は、政府相互運用性フレームワーク（GIF）に準拠すること。",
    "{F}は、職員が庁内の端末から利用できること。",
    "帳票は、PDF形式及びCSV形式で出力できること。",
    "全ての画面において、操作ログを記録すること。",
];

const FUNCTIONAL_FLAWED: &[(&str, &str)] = &[
    ("wording/vague-term", "画面の操作性は、利用者にとって十分に分かりやすいものとすること。"),
    ("digital/analog-procedure", "審査の結果は、申請者に書面により通知すること。"),
];

const NFR_CLEAN: &[&str] = &[
    "本システムの稼働率は{A}%以上とすること。ただし、計画停止の時間は稼働率の算定から除く。",
    "照会処理の応答時間は{SEC}秒以内とし、ピーク時においても90%以上の処理がこれを満たすこと。",
    "申請の登録処理の応答時間は5秒以内とすること。",
    "帳票の出力は、1件当たり30秒以内とすること。",
    "目標復旧時間（RTO）は翌営業日までとし、目標復旧地点（RPO）は前日の業務終了時点とする。",
    "データベースのバックアップは日次で取得し、{G}世代保管すること。",
    "申請受付機能は、事業主からの電子申請を夜間及び休日も受け付けるため、24時間365日稼働すること。",
    "審査支援機能の運用時間は、開庁日の8時30分から20時までとする。",
    "データベースは、クラウドサービスの複数のアベイラビリティゾーンに配置すること。",
    "申請件数が見込みの2倍となった場合も、構成の変更により性能要件を満たせること。",
    "本システムのデータは、特定の製品に依存しない形式（CSV形式等）で出力できること。",
    "本システムの構築に当たっては、ガバメントクラウドの利用を第一候補として検討し、その結果を基本設計書に記載すること。",
    "ガバメントクラウド以外のクラウドサービスを利用する場合は、ISMAPクラウドサービスリストに登録されたサービスを利用すること。",
    "国民が利用する画面は、JIS X 8341-3:2016 の適合レベルAAに準拠すること。",
    "大規模災害に備え、バックアップを別のリージョンに保管すること。",
];

const NFR_FLAWED: &[(&str, &str)] = &[
    ("nfr/availability", "本システムの稼働率は{AH}%以上とすること。"),
    ("nfr/availability", "サービスの年間稼働率は、計画停止を除き{AH}%以上を確保すること。"),
    ("nfr/operating-hours", "本システムは24時間365日稼働すること。"),
    ("nfr/recovery-objective", "障害発生時の目標復旧時間（RTO）は30分以内とすること。"),
    ("nfr/recovery-objective", "障害発生から2時間以内に業務を再開できること。"),
    ("nfr/response-time", "画面の応答時間は0.5秒以内とすること。"),
    ("nfr/response-time", "全ての処理において、応答時間は3秒以内とすること。"),
    ("nfr/backup-generations", "データベースのバックアップは日次で取得し、{GH}世代保管すること。"),
    ("nfr/redundancy-all", "本システムを構成する全ての機器を冗長化すること。"),
    ("cloud/on-premises-justification", "本システムのサーバ機器は、庁舎内のサーバ室に設置すること。"),
    ("procurement/brand-name", "ネットワーク機器はCisco社製の機器を導入すること。"),
];

const SECURITY_CLEAN: &[&str] = &[
    "受注者は、セキュリティ・バイ・デザインの考え方に基づき、企画・設計段階から情報セキュリティ対策を検討し、要件として定めること。",
    "受注者は、基本設計の段階で脅威分析を行い、その結果に基づく対策を設計書に記載すること。",
    "本システムの利用者の認証は、多要素認証とすること。",
    "通信は、TLS1.2以上により暗号化すること。",
    "受注者は、本番稼働前に第三者による脆弱性診断を実施し、検出された脆弱性への対応結果を報告すること。",
    "受注者は、情報システムに意図せざる変更が加えられないための管理体制を整備し、その内容を提示すること。",
    "受注者は、「政府機関等のサイバーセキュリティ対策のための統一基準群」に準拠した対策を講じること。",
    "受注者は、情報セキュリティインシデントが発生した場合は、検知から1時間以内に発注者に報告すること。",
];

const SECURITY_FLAWED: &[(&str, &str)] = &[
    ("wording/vague-term", "受注者は、十分なセキュリティ対策を講じること。"),
    ("wording/vague-term", "受注者は、万全の情報セキュリティ対策を講じること。"),
];

const COMPLIANCE_CLEAN: &[&str] = &[
    "受注者は、本業務の遂行に当たり、個人情報の保護に関する法律その他の関係法令を遵守すること。",
    "受注者は、本業務で知り得た情報を第三者に開示し、又は本業務以外の目的で利用しないこと。",
    "受注者は、発注者の承認を得た場合を除き、情報を庁舎外に持ち出さないこと。",
    "受注者は、作業に従事する者に対し、情報セキュリティに関する教育を実施すること。",
    "受注者は、成果物に契約不適合があった場合は、契約不適合責任を負うものとする。",
    "検収後1年以内に契約不適合が発見された場合は、受注者の負担で修正すること。",
];

const COMPLIANCE_FLAWED: &[(&str, &str)] = &[
    ("legal/contract-nonconformity", "受注者は、検収後1年間、成果物の瑕疵担保責任を負うものとする。"),
    ("legal/contract-nonconformity", "瑕疵担保期間中に瑕疵が発見された場合は、受注者の負担で修補すること。"),
];

const TEAM_CLEAN: &[&str] = &[
    "受注者は、本業務の実施体制を体制図により示し、発注者の承認を受けること。",
    "プロジェクト管理者は、同種の業務の経験を{N}年以上有する者とすること。",
    "受注者は、作業要員の氏名、所属及び資格を記載した体制図を提出すること。",
    "作業場所は、受注者の事業所とする。ただし、発注者が必要と認める場合は、発注者の庁舎内で作業を行うこと。",
    "受注者は、作業要員を変更する場合は、事前に発注者の承認を受けること。",
];

const BID_CLEAN: &[&str] = &[
    "令和7・8・9年度競争参加資格（全省庁統一資格）の「役務の提供等」のA又はBの等級に格付けされていること。",
    "情報セキュリティマネジメントシステム（ISMS）の認証を取得していること。",
    "品質マネジメントシステム（ISO 9001）の認証を取得していること。",
    "過去{N}年以内に、同種の業務を元請として受注し、完了した実績を有すること。",
    "本調達に係る工程管理支援業務の受注者でないこと。",
];

const SUBCONTRACT_CLEAN: &[&str] = &[
    "受注者は、本業務の全部を一括して第三者に再委託してはならない。",
    "受注者は、本業務の一部を再委託する場合は、再委託先の名称、再委託する業務の範囲及び必要性を記載した書類を提出し、発注者の承認を受けること。",
    "受注者は、再委託先に対し、本仕様書に定める情報セキュリティ対策を遵守させること。",
    "再委託先の行為については、受注者が全ての責任を負うものとする。",
];

const OTHER_CLEAN: &[&str] = &[
    "本仕様書の解釈に疑義が生じた場合は、発注者と受注者が協議の上決定する。",
    "入札参加希望者は、閲覧資料を所定の手続により閲覧することができる。",
    "受注者は、本業務の実施に当たり、デジタル・ガバメント推進標準ガイドラインに準拠すること。",
];

const ITEMS_WORK: &[&str] = &[
    "プロジェクト管理",
    "設計",
    "開発及びテスト",
    "移行",
    "受入テスト支援",
    "運用保守",
    "引継ぎ",
    "研修",
    "ヘルプデスク",
    "障害対応",
];

const ITEMS_NFR: &[&str] = &[
    "ユーザビリティ及びアクセシビリティ",
    "システム方式",
    "規模",
    "性能",
    "信頼性",
    "拡張性",
    "中立性",
    "継続性",
    "運用",
    "保守",
];

const TABLE_EFFECTS: &[&[&str]] = &[
    &["期待する効果", "指標", "目標値（令和{Y}年度）"],
    &["申請負担の軽減", "オンライン申請の利用率", "{NN}%以上"],
    &["審査期間の短縮", "申請から支給決定までの平均日数", "{NN}日以内"],
    &["職員の入力作業の削減", "申請1件当たりの入力時間", "現行比{NN}%削減"],
];

const TABLE_SCHEDULE: &[&[&str]] = &[
    &["工程", "期間"],
    &["設計", "契約締結日から令和{Y}年{M}月まで"],
    &["開発・テスト", "令和{Y}年{M}月から令和{Y}年{M}月まで"],
    &["移行・受入テスト支援", "令和{Y}年{M}月から令和{Y}年{M}月まで"],
    &["運用保守", "令和{Y}年{M}月から令和{Y}年3月まで"],
];

const TABLE_RELATED: &[&[&str]] = &[
    &["調達案件名", "調達の方式", "実施時期（予定）"],
    &["{SYS}の工程管理支援業務", "一般競争入札（総合評価落札方式）", "令和{Y}年{M}月"],
    &["ネットワークの運用業務", "一般競争入札（最低価格落札方式）", "令和{Y}年度"],
];

const TABLE_DELIVERABLES: &[&[&str]] = &[
    &["No.", "成果物", "納品期限"],
    &["1", "プロジェクト計画書", "契約締結日から2週間以内"],
    &["2", "基本設計書", "令和{Y}年9月30日"],
    &["3", "詳細設計書", "令和{Y}年12月25日"],
    &["4", "テスト結果報告書", "令和{Y}年9月30日"],
    &["5", "運用保守報告書（月次）", "翌月10日"],
    &["6", "議事録", "会議の開催日から3営業日以内"],
];

const TABLE_SCALE: &[&[&str]] = &[
    &["項目", "見込み"],
    &["外部利用者数", "約{NN}万者"],
    &["職員の利用者数", "約{NNN}人"],
    &["年間の申請件数", "約{NN}万件"],
    &["添付書類の容量", "年間約{N}TB"],
];

const NONE: &[&str] = &[];
const NO_FLAWS: &[(&str, &str)] = &[];

pub(crate) const CHAPTERS: &[Chapter] = &[
    Chapter {
        title: "調達案件の概要",
        weight: 2,
        topics: &[
            Topic {
                title: "調達件名",
                clean: &["{SYS}の設計・開発及び運用保守業務"],
                flawed: NO_FLAWS,
                items: NONE,
                table: None,
            },
            Topic {
                title: "調達の背景", clean: OVERVIEW_CLEAN, flawed: OVERVIEW_FLAWED, items: NONE, table: None
            },
            Topic {
                title: "目的及び期待する効果",
                clean: OVERVIEW_CLEAN,
                flawed: NO_FLAWS,
                items: NONE,
                table: Some(TABLE_EFFECTS),
            },
            Topic {
                title: "業務・情報システムの概要",
                clean: FUNCTIONAL_CLEAN,
                flawed: FUNCTIONAL_FLAWED,
                items: NONE,
                table: None,
            },
            Topic {
                title: "契約期間",
                clean: &["契約締結日から令和{Y}年3月31日までとする。"],
                flawed: NO_FLAWS,
                items: NONE,
                table: None,
            },
            Topic {
                title: "作業スケジュール",
                clean: WORK_CLEAN,
                flawed: NO_FLAWS,
                items: NONE,
                table: Some(TABLE_SCHEDULE),
            },
        ],
    },
    Chapter {
        title: "調達案件及び関連調達案件の調達単位、調達の方式等",
        weight: 1,
        topics: &[
            Topic { title: "調達単位", clean: PROCUREMENT_CLEAN, flawed: NO_FLAWS, items: NONE, table: None },
            Topic { title: "調達の方式", clean: PROCUREMENT_CLEAN, flawed: NO_FLAWS, items: NONE, table: None },
            Topic {
                title: "関連する調達案件",
                clean: PROCUREMENT_CLEAN,
                flawed: NO_FLAWS,
                items: NONE,
                table: Some(TABLE_RELATED),
            },
        ],
    },
    Chapter {
        title: "作業の実施内容",
        weight: 6,
        topics: &[
            Topic { title: "作業内容", clean: WORK_CLEAN, flawed: WORK_FLAWED, items: ITEMS_WORK, table: None },
            Topic {
                title: "成果物",
                clean: DELIVERABLES_CLEAN,
                flawed: DELIVERABLES_FLAWED,
                items: NONE,
                table: Some(TABLE_DELIVERABLES),
            },
            Topic {
                title: "納品方法",
                clean: DELIVERABLES_CLEAN,
                flawed: DELIVERABLES_FLAWED,
                items: NONE,
                table: None,
            },
            Topic { title: "運用保守", clean: WORK_CLEAN, flawed: WORK_FLAWED, items: NONE, table: None },
        ],
    },
    Chapter {
        title: "満たすべき要件に関する事項",
        weight: 7,
        topics: &[
            Topic {
                title: "業務要件", clean: FUNCTIONAL_CLEAN, flawed: FUNCTIONAL_FLAWED, items: NONE, table: None
            },
            Topic {
                title: "機能要件", clean: FUNCTIONAL_CLEAN, flawed: FUNCTIONAL_FLAWED, items: NONE, table: None
            },
            Topic {
                title: "非機能要件",
                clean: NFR_CLEAN,
                flawed: NFR_FLAWED,
                items: ITEMS_NFR,
                table: Some(TABLE_SCALE),
            },
            Topic {
                title: "情報セキュリティ",
                clean: SECURITY_CLEAN,
                flawed: SECURITY_FLAWED,
                items: NONE,
                table: None,
            },
        ],
    },
    Chapter {
        title: "作業の実施体制・方法に関する事項",
        weight: 1,
        topics: &[
            Topic { title: "作業実施体制", clean: TEAM_CLEAN, flawed: WORK_FLAWED, items: NONE, table: None },
            Topic { title: "作業場所", clean: TEAM_CLEAN, flawed: NO_FLAWS, items: NONE, table: None },
        ],
    },
    Chapter {
        title: "作業の実施に当たっての遵守事項",
        weight: 2,
        topics: &[
            Topic {
                title: "機密保持及び資料の取扱い",
                clean: COMPLIANCE_CLEAN,
                flawed: COMPLIANCE_FLAWED,
                items: NONE,
                table: None,
            },
            Topic {
                title: "情報セキュリティ対策",
                clean: SECURITY_CLEAN,
                flawed: SECURITY_FLAWED,
                items: NONE,
                table: None,
            },
            Topic { title: "法令等の遵守", clean: COMPLIANCE_CLEAN, flawed: NO_FLAWS, items: NONE, table: None },
        ],
    },
    Chapter {
        title: "成果物の取扱いに関する事項",
        weight: 1,
        topics: &[
            Topic {
                title: "知的財産権の帰属", clean: COMPLIANCE_CLEAN, flawed: NO_FLAWS, items: NONE, table: None
            },
            Topic {
                title: "契約不適合責任",
                clean: COMPLIANCE_CLEAN,
                flawed: COMPLIANCE_FLAWED,
                items: NONE,
                table: None,
            },
            Topic { title: "検収", clean: DELIVERABLES_CLEAN, flawed: DELIVERABLES_FLAWED, items: NONE, table: None },
        ],
    },
    Chapter {
        title: "入札参加資格に関する事項",
        weight: 1,
        topics: &[
            Topic { title: "入札参加要件", clean: BID_CLEAN, flawed: NO_FLAWS, items: NONE, table: None },
            Topic { title: "入札制限", clean: BID_CLEAN, flawed: NO_FLAWS, items: NONE, table: None },
        ],
    },
    Chapter {
        title: "再委託に関する事項",
        weight: 1,
        topics: &[Topic {
            title: "再委託の制限及び再委託を認める場合の条件",
            clean: SUBCONTRACT_CLEAN,
            flawed: NO_FLAWS,
            items: NONE,
            table: None,
        }],
    },
    Chapter {
        title: "その他特記事項",
        weight: 1,
        topics: &[
            Topic { title: "前提条件等", clean: OTHER_CLEAN, flawed: NO_FLAWS, items: NONE, table: None },
            Topic { title: "閲覧資料", clean: OTHER_CLEAN, flawed: NO_FLAWS, items: NONE, table: None },
        ],
    },
    Chapter { title: "附属文書", weight: 0, topics: &[] },
];
