<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="lt_LT">
<context>
    <name>About</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/about.py" line="32"/>
        <source>About StratPlan</source>
        <translation>Apie StratPlan</translation>
    </message>
</context>
<context>
    <name>AmendmentDialog</name>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="39"/>
        <source>Propose an amendment</source>
        <translation>Pasiūlyti pataisą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="39"/>
        <source>Accept with changes</source>
        <translation>Priimti su pakeitimais</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="40"/>
        <source>Reject the amendment</source>
        <translation>Atmesti pataisą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="40"/>
        <source>Combine the competing amendments</source>
        <translation>Sujungti konkuruojančias pataisas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="43"/>
        <source>Replace these lines</source>
        <translation>Pakeisti šias eilutes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="43"/>
        <source>Insert after them</source>
        <translation>Įterpti po jų</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="44"/>
        <source>Delete these lines</source>
        <translation>Išbraukti šias eilutes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="51"/>
        <source>The passage as it stands</source>
        <translation>Dabartinė ištrauka</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="54"/>
        <source>The new text</source>
        <translation>Naujas tekstas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="57"/>
        <source>The reason</source>
        <translation>Priežastis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="61"/>
        <source>&amp;Change:</source>
        <translation>&amp;Keitimas:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="64"/>
        <source>Lines:</source>
        <translation>Eilutės:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="65"/>
        <source>Passage:</source>
        <translation>Ištrauka:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="66"/>
        <source>&amp;New text:</source>
        <translation>&amp;Naujas tekstas:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="69"/>
        <source>&amp;Reason:</source>
        <translation>&amp;Priežastis:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="69"/>
        <source>&amp;Reason (optional):</source>
        <translation>&amp;Priežastis (neprivaloma):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="75"/>
        <source>&amp;Propose</source>
        <translation>&amp;Siūlyti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="75"/>
        <source>&amp;Accept</source>
        <translation>P&amp;riimti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="75"/>
        <source>Re&amp;ject</source>
        <translation>&amp;Atmesti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="76"/>
        <source>Com&amp;bine</source>
        <translation>S&amp;ujungti</translation>
    </message>
</context>
<context>
    <name>AmendmentsPanel</name>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="52"/>
        <source>Line</source>
        <translation>Eilutė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="52"/>
        <source>Text</source>
        <translation>Tekstas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="53"/>
        <source>The text with line numbers</source>
        <translation>Tekstas su eilučių numeriais</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="56"/>
        <source>P&amp;ropose an amendment to the selected lines...</source>
        <translation>&amp;Siūlyti pataisą pažymėtoms eilutėms...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="57"/>
        <source>Lines</source>
        <translation>Eilutės</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="57"/>
        <source>Change</source>
        <translation>Keitimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="57"/>
        <source>By</source>
        <translation>Pateikė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="57"/>
        <source>State</source>
        <translation>Būsena</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="58"/>
        <source>Amendments to this proposal</source>
        <translation>Šio pasiūlymo pataisos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="60"/>
        <source>The selected amendment, inline</source>
        <translation>Pasirinkta pataisa tekste</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="62"/>
        <source>&amp;Accept</source>
        <translation>Pri&amp;imti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="63"/>
        <source>Accept &amp;with changes...</source>
        <translation>Priimti s&amp;u pakeitimais...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="64"/>
        <source>Re&amp;ject...</source>
        <translation>At&amp;mesti...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="65"/>
        <source>Choose th&amp;is one</source>
        <translation>Pa&amp;likti šią</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="66"/>
        <source>Com&amp;bine...</source>
        <translation>Sujungti į &amp;vieną...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="75"/>
        <source>Te&amp;xt, numbered (select lines to amend them):</source>
        <translation>Tekstas su eilu&amp;čių numeriais (pažymėkite eilutes, kurias taisote):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="83"/>
        <source>List of amendments:</source>
        <translation>Visos pataisos:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="177"/>
        <source>open</source>
        <translation>atvira</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="177"/>
        <location filename="../../stratplan/ui/amendments/panel.py" line="268"/>
        <source>accepted</source>
        <translation>priimta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="177"/>
        <location filename="../../stratplan/ui/amendments/panel.py" line="269"/>
        <source>rejected</source>
        <translation>atmesta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="178"/>
        <source>set aside</source>
        <translation>atidėta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="178"/>
        <source>merged</source>
        <translation>įtraukta į tekstą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="178"/>
        <source>outdated</source>
        <translation>pasenusi</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="179"/>
        <source>invalid</source>
        <translation>netinkama</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="182"/>
        <source>replace</source>
        <translation>pakeisti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="182"/>
        <source>insert</source>
        <translation>įterpti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="183"/>
        <source>delete</source>
        <translation>išbraukti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="188"/>
        <source>after {line}</source>
        <translation>po {line}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="195"/>
        <source>after line {line}</source>
        <translation>po {line} eilutės</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="197"/>
        <source>line {line}</source>
        <translation>{line} eilutę</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="198"/>
        <source>lines {first}–{last}</source>
        <translation>{first}–{last} eilutes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="208"/>
        <source>{state}, competing</source>
        <translation>{state}, konkuruoja</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="223"/>
        <source>No amendment yet: select lines of the text and propose one.</source>
        <translation>Pataisų dar nėra: pažymėkite teksto eilutes ir pasiūlykite pataisą.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="227"/>
        <source>Reason:</source>
        <translation>Priežastis:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="228"/>
        <source>Replace {where}, by {org} ({author})</source>
        <translation>Pakeisti {where}; pateikė {org} ({author})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="229"/>
        <source>Insert {where}, by {org} ({author})</source>
        <translation>Įterpti {where}; pateikė {org} ({author})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="230"/>
        <source>Delete {where}, by {org} ({author})</source>
        <translation>Išbraukti {where}; pateikė {org} ({author})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="237"/>
        <source>{org} ({author}): {decision}</source>
        <translation>{org} ({author}): {decision}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="242"/>
        <source>(does not count: only the proposal&apos;s organisations or its working group&apos;s coordinator may decide)</source>
        <translation>(neskaičiuojama: spręsti gali tik pasiūlymo organizacijos arba darbo grupės vadovė)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="247"/>
        <source>Other amendments change the same lines ({ids}): once this one is accepted and merged, they no longer fit the text and are shown as outdated.</source>
        <translation>Tas pačias eilutes keičia ir kitos pataisos ({ids}): kai ši bus priimta ir įtraukta, jos nebetiks tekstui ir bus rodomos kaip pasenusios.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="252"/>
        <source>Outdated: the passage it changes has changed since it was proposed. Propose it again on the current text if it still applies.</source>
        <translation>Pasenusi: keičiama ištrauka pasikeitė nuo tada, kai pataisa buvo pasiūlyta. Jei ji vis dar aktuali, pasiūlykite ją iš naujo dabartiniam tekstui.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="257"/>
        <source>{count} accepted amendments change lines {lines}: choose one, or combine them.</source>
        <translation>Priimtos pataisos ({count}) keičia tas pačias eilutes {lines}: pasirinkite vieną arba sujunkite jas.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="268"/>
        <source>accepted with changes</source>
        <translation>priimta su pakeitimais</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="269"/>
        <source>set aside for another</source>
        <translation>atidėta, pasirinkta kita</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="281"/>
        <source>Only the proposal&apos;s organisations or its working group&apos;s coordinator may decide on its amendments.</source>
        <translation>Dėl pasiūlymo pataisų gali spręsti tik jo organizacijos arba darbo grupės vadovė.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="318"/>
        <source>Amendment proposed: {where}.</source>
        <translation>Pataisa pasiūlyta: {where}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="350"/>
        <source>Decision recorded.</source>
        <translation>Sprendimas įrašytas.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/amendments/panel.py" line="352"/>
        <source>%n amendments merged into a new revision of the text.</source>
        <translation>
            <numerusform>%n pataisa įtraukta į naują teksto redakciją.</numerusform>
            <numerusform>%n pataisos įtrauktos į naują teksto redakciją.</numerusform>
            <numerusform>%n pataisų įtraukta į naują teksto redakciją.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/amendments/panel.py" line="354"/>
        <source>%n passages have competing amendments: choose one or combine them.</source>
        <translation>
            <numerusform>%n vietoje konkuruoja pataisos: pasirinkite vieną arba sujunkite jas.</numerusform>
            <numerusform>%n vietose konkuruoja pataisos: pasirinkite vieną arba sujunkite jas.</numerusform>
            <numerusform>%n vietų konkuruoja pataisos: pasirinkite vieną arba sujunkite jas.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../stratplan/app.py" line="41"/>
        <source>StratPlan</source>
        <translation>StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="42"/>
        <source>Passphrase of this laptop&apos;s key:</source>
        <translation>Šio nešiojamojo kompiuterio rakto slaptafrazė:</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="44"/>
        <source>No passphrase was given.</source>
        <translation>Slaptafrazė neįvesta.</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="107"/>
        <source>Open store</source>
        <translation>Atidaryti saugyklą</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="128"/>
        <source>Save the join request</source>
        <translation>Išsaugoti prašymą prisijungti</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="129"/>
        <source>Join requests (*.request)</source>
        <translation>Prašymai prisijungti (*.request)</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="138"/>
        <source>Join a coalition</source>
        <translation>Prisijungti prie koalicijos</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="139"/>
        <source>Saved {file}. Send it to the convener and read them your organisation&apos;s key fingerprint aloud: {fp}

When their reply arrives, start StratPlan again and choose &apos;Receive the reply&apos;.</source>
        <translation>Išsaugota: {file}. Nusiųskite failą koordinatoriui ir garsiai perskaitykite jūsų organizacijos rakto piršto atspaudą: {fp}

Kai gausite atsakymą, vėl paleiskite StratPlan ir pasirinkite „Gauti atsakymą“.</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="150"/>
        <source>Receive the reply</source>
        <translation>Gauti atsakymą</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="151"/>
        <source>StratPlan bundles (*.stratplan *.bundle);;All files (*)</source>
        <translation>StratPlan paketai (*.stratplan *.bundle);;Visi failai (*)</translation>
    </message>
</context>
<context>
    <name>ApprovalResultModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>Proposal</source>
        <translation>Pasiūlymas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>Result</source>
        <translation>Rezultatas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>Support</source>
        <translation>Pritarimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>Yes</source>
        <translation>Taip</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>No</source>
        <translation>Ne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="54"/>
        <source>Abstain</source>
        <translation>Susilaikė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="60"/>
        <source>✓ Adopted</source>
        <translation>✓ Priimtas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="60"/>
        <source>✗ Not adopted</source>
        <translation>✗ Nepriimtas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="68"/>
        <source>Not adopted: the quorum is not met, so no point is adopted.</source>
        <translation>Nepriimtas: kvorumo nėra, todėl nepriimamas nė vienas punktas.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="70"/>
        <source>Support {pct} reaches the threshold {threshold}.</source>
        <translation>Pritarimas {pct} pasiekia slenkstį {threshold}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="71"/>
        <source>Support {pct} is below the threshold {threshold}.</source>
        <translation>Pritarimas {pct} nesiekia slenksčio {threshold}.</translation>
    </message>
</context>
<context>
    <name>BallotForm</name>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="34"/>
        <source>Your ballot: one choice per point</source>
        <translation>Jūsų biuletenis: po vieną pasirinkimą kiekvienam punktui</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="44"/>
        <source>Abstain</source>
        <translation>Susilaikome</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="44"/>
        <source>Yes, it fits our organisation</source>
        <translation>Taip, tinka mūsų organizacijai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="45"/>
        <source>No</source>
        <translation>Ne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="48"/>
        <source>Blank</source>
        <translation>Tuščia</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="50"/>
        <source>Not ranked</source>
        <translation>Nereitinguota</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="55"/>
        <source>For each point: does it fit your organisation?</source>
        <translation>Kiekvienam punktui: ar jis tinka jūsų organizacijai?</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="56"/>
        <source>Give each point a place: 1 is your first choice; equal places are ties; points left unranked share the last place.</source>
        <translation>Kiekvienam punktui nurodykite vietą: 1 – jūsų pirmasis pasirinkimas; vienodos vietos reiškia lygybę; nereitinguoti punktai dalijasi paskutine vieta.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="58"/>
        <source>Grade each point from 0 (poor) to 5 (excellent), or leave it blank.</source>
        <translation>Įvertinkite kiekvieną punktą nuo 0 (prastai) iki 5 (puikiai) arba palikite tuščią.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="60"/>
        <source>The round is closed: this is the ballot your organisation cast, if any.</source>
        <translation>Turas uždarytas: čia rodomas jūsų organizacijos pateiktas biuletenis, jei toks buvo.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="62"/>
        <source>Proposal</source>
        <translation>Pasiūlymas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="62"/>
        <source>Your choice</source>
        <translation>Jūsų pasirinkimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="70"/>
        <source>Your choice for P{n} {title}</source>
        <translation>Jūsų pasirinkimas: P{n} {title}</translation>
    </message>
</context>
<context>
    <name>BallotImportDialog</name>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="60"/>
        <source>Import ballots: preview</source>
        <translation>Biuletenių importas: peržiūra</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="61"/>
        <source>&lt;b&gt;{file}&lt;/b&gt;: ballots for the round “{title}”</source>
        <translation>&lt;b&gt;{file}&lt;/b&gt;: turo „{title}“ biuleteniai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="68"/>
        <source>Rows of the ballot sheet and what importing each does</source>
        <translation>Biuletenių lapo eilutės ir kas nutiks importuojant kiekvieną</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="69"/>
        <source>Line</source>
        <translation>Eilutė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="69"/>
        <source>Organisation</source>
        <translation>Organizacija</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="69"/>
        <source>What happens</source>
        <translation>Kas nutiks</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="70"/>
        <source>Ballot</source>
        <translation>Biuletenis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="88"/>
        <source>Nothing is written until you press Record. Refused and empty rows are left out: correct the sheet and import it again to add them. The ballots are entered on each organisation&apos;s behalf and signed by this laptop.</source>
        <translation>Niekas neįrašoma, kol nepaspausite „Įrašyti“. Atmestos ir tuščios eilutės praleidžiamos: pataisykite lapą ir importuokite jį dar kartą, kad jas pridėtumėte. Biuleteniai įvedami kiekvienos organizacijos vardu ir pasirašomi šiuo kompiuteriu.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="95"/>
        <source>&amp;Record the ballots ({n})</source>
        <translation>Į&amp;rašyti biuletenius ({n})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="98"/>
        <source>Cancel</source>
        <translation>Atšaukti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="113"/>
        <source>New ballots to record: {n}.</source>
        <translation>Nauji įrašomi biuleteniai: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="114"/>
        <source>Ballots that replace one recorded earlier: {n}.</source>
        <translation>Biuleteniai, pakeičiantys anksčiau įrašytą: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="115"/>
        <source>Rows that repeat a ballot already recorded (nothing changes): {n}.</source>
        <translation>Eilutės, kartojančios jau įrašytą biuletenį (niekas nesikeičia): {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="116"/>
        <source>Rows left empty (no ballot): {n}.</source>
        <translation>Tuščios eilutės (be biuletenio): {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="117"/>
        <source>Rows refused: {n}.</source>
        <translation>Atmestos eilutės: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="126"/>
        <source>✓ Will be recorded</source>
        <translation>✓ Bus įrašytas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="128"/>
        <source>↻ Replaces the ballot recorded earlier</source>
        <translation>↻ Pakeis anksčiau įrašytą biuletenį</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="130"/>
        <source>= Same as the ballot already recorded</source>
        <translation>= Toks pat kaip jau įrašytas biuletenis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="132"/>
        <source>— Left empty: no ballot</source>
        <translation>— Tuščia: biuletenio nėra</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="134"/>
        <source>✗ Refused: {reason}</source>
        <translation>✗ Atmesta: {reason}</translation>
    </message>
</context>
<context>
    <name>BallotTableModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="133"/>
        <source>Organisation</source>
        <translation>Organizacija</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="133"/>
        <source>Entered by</source>
        <translation>Įvedė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="133"/>
        <source>State</source>
        <translation>Būklė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="146"/>
        <source>refused: {why}</source>
        <translation>atmestas: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="148"/>
        <source>late (after the close), not counted</source>
        <translation>pavėluotas (po uždarymo), neįskaitytas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="150"/>
        <source>counted</source>
        <translation>įskaitytas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="152"/>
        <source>current ballot</source>
        <translation>galiojantis biuletenis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="154"/>
        <source>replaced by a later ballot</source>
        <translation>pakeistas vėlesniu biuleteniu</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="156"/>
        <source>two laptops of this organisation voted differently</source>
        <translation>du šios organizacijos kompiuteriai balsavo skirtingai</translation>
    </message>
</context>
<context>
    <name>BallotText</name>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="37"/>
        <source>nothing ranked</source>
        <translation>niekas nereitinguota</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="39"/>
        <source>yes</source>
        <translation>taip</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="40"/>
        <source>no</source>
        <translation>ne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="41"/>
        <source>abstain</source>
        <translation>susilaikė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="42"/>
        <source>blank</source>
        <translation>tuščia</translation>
    </message>
</context>
<context>
    <name>ByPointPage</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>Point</source>
        <translation>Punktas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>Adopted</source>
        <translation>Priėmė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>Adapted</source>
        <translation>Pritaikė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>Set aside</source>
        <translation>Atidėjo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="78"/>
        <source>Programme points and their progress</source>
        <translation>Programos punktai ir jų pažanga</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="80"/>
        <source>Indicator</source>
        <translation>Rodiklis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="80"/>
        <source>Unit</source>
        <translation>Matavimo vienetas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="80"/>
        <source>Members reporting</source>
        <translation>Pranešę nariai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="80"/>
        <source>Total</source>
        <translation>Iš viso</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="81"/>
        <source>Mean</source>
        <translation>Vidurkis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="81"/>
        <source>Values</source>
        <translation>Reikšmės</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="82"/>
        <source>Indicators of the selected point</source>
        <translation>Pasirinkto punkto rodikliai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="97"/>
        <source>Programme po&amp;ints (status counts for the period):</source>
        <translation>Programos punk&amp;tai (būsenų skaičiai laikotarpiui):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="102"/>
        <source>Indicators of the selected point, this period:</source>
        <translation>Pasirinkto punkto rodikliai šiuo laikotarpiu:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="142"/>
        <source>units differ</source>
        <translation>vienetai skiriasi</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="147"/>
        <source>By country: {countries}</source>
        <translation>Pagal šalis: {countries}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="149"/>
        <source>No reports on this point this period.</source>
        <translation>Šiuo laikotarpiu apie šį punktą ataskaitų nėra.</translation>
    </message>
</context>
<context>
    <name>ChartPage</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="248"/>
        <source>Chart: reports by status, per period</source>
        <translation>Diagrama: ataskaitos pagal būseną kiekvienu laikotarpiu</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="251"/>
        <source>Chart: reports by status, per point</source>
        <translation>Diagrama: ataskaitos pagal būseną kiekvienam punktui</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="295"/>
        <source>Reports by status, per period</source>
        <translation>Ataskaitos pagal būseną kiekvienu laikotarpiu</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="295"/>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="298"/>
        <source>reports</source>
        <translation>ataskaitos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="297"/>
        <source>Reports by status, per point: {period}</source>
        <translation>Ataskaitos pagal būseną kiekvienam punktui: {period}</translation>
    </message>
</context>
<context>
    <name>CloseRoundDialog</name>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="29"/>
        <source>Close the round</source>
        <translation>Uždaryti turą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="30"/>
        <source>&lt;b&gt;Close “{title}”?&lt;/b&gt;</source>
        <translation>&lt;b&gt;Uždaryti „{title}“?&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="36"/>
        <source>Organisations that voted</source>
        <translation>Balsavusios organizacijos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="38"/>
        <source>Organisations that did not vote</source>
        <translation>Nebalsavusios organizacijos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="39"/>
        <source>&amp;Voted ({n}):</source>
        <translation>&amp;Balsavo ({n}):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="41"/>
        <source>&amp;Did not vote ({n}):</source>
        <translation>&amp;Nebalsavo ({n}):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="49"/>
        <source>Closing is final: no ballot can be cast or changed afterwards, and the result is counted from the ballots of the organisations listed as having voted.</source>
        <translation>Uždarymas galutinis: po jo nebegalima pateikti ar pakeisti biuletenio, o rezultatas skaičiuojamas iš organizacijų, nurodytų kaip balsavusios, biuletenių.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="52"/>
        <source>The points that reach the threshold become adopted.</source>
        <translation>Slenkstį pasiekę punktai tampa priimti.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="57"/>
        <source>C&amp;lose the round</source>
        <translation>&amp;Uždaryti turą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="59"/>
        <source>Cancel</source>
        <translation>Atšaukti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="83"/>
        <source>entered on its behalf</source>
        <translation>įvestas jos vardu</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="85"/>
        <source>two laptops voted differently; the later ballot counts</source>
        <translation>du kompiuteriai balsavo skirtingai; įskaitomas vėlesnis biuletenis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="87"/>
        <source>by delegation, through {org}</source>
        <translation>per atstovę {org}</translation>
    </message>
</context>
<context>
    <name>CoalitionDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="25"/>
        <source>Organisations and people</source>
        <translation>Organizacijos ir žmonės</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="28"/>
        <source>Director</source>
        <translation>Direktorius (-ė)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="28"/>
        <source>Facilitator</source>
        <translation>Moderatorius (-ė)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="29"/>
        <source>Convener</source>
        <translation>Koordinatorius (-ė)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="29"/>
        <source>Member</source>
        <translation>Narys (-ė)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Person</source>
        <translation>Asmuo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Role</source>
        <translation>Vaidmuo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Organisation</source>
        <translation>Organizacija</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Country</source>
        <translation>Šalis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Language</source>
        <translation>Kalba</translation>
    </message>
</context>
<context>
    <name>CommentListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="127"/>
        <source>(withdrawn)</source>
        <translation>(atsiimtas)</translation>
    </message>
</context>
<context>
    <name>CommentsPanel</name>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="37"/>
        <source>Write a comment...</source>
        <translation>Rašykite komentarą...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="39"/>
        <source>P&amp;ost comment</source>
        <translation>Pa&amp;skelbti komentarą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="40"/>
        <source>Reply to selected</source>
        <translation>Atsakyti į pažymėtą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="41"/>
        <source>Withdraw selected</source>
        <translation>Atsiimti pažymėtą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="76"/>
        <source>Replying to {author}</source>
        <translation>Atsakoma: {author}</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="65"/>
        <source>Conflicts</source>
        <translation>Konfliktai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="74"/>
        <source>Save the &amp;combined text</source>
        <translation>Įrašyti &amp;sujungtą tekstą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="78"/>
        <source>Before either change (common ancestor):</source>
        <translation>Prieš abu pakeitimus (bendra ankstesnė redakcija):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="81"/>
        <source>Or write a combined text:</source>
        <translation>Arba parašykite sujungtą tekstą:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="104"/>
        <source>No conflicts: every plan point has one agreed text.</source>
        <translation>Konfliktų nėra: kiekvienas plano punktas turi vieną sutartą tekstą.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="134"/>
        <source>{who} ({org}):</source>
        <translation>{who} ({org}):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="138"/>
        <source>Keep this version</source>
        <translation>Palikti šią versiją</translation>
    </message>
</context>
<context>
    <name>ConsolidationWindow</name>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="71"/>
        <source>Consolidation — StratPlan</source>
        <translation>Suvienodinimas — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="76"/>
        <source>&amp;Find overlaps</source>
        <translation>&amp;Rasti sutapimus</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="80"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Atšaukti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="84"/>
        <source>&amp;Not a duplicate</source>
        <translation>Ne &amp;dublikatas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="85"/>
        <source>&amp;Related, keep both</source>
        <translation>Susi&amp;eti, palikti abu</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="90"/>
        <source>The surviving point</source>
        <translation>Išliekantis punktas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="91"/>
        <source>The point compared with it</source>
        <translation>Su juo lyginamas punktas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="93"/>
        <source>Remove the &amp;link</source>
        <translation>Pa&amp;šalinti ryšį</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="95"/>
        <source>&amp;Use the source&apos;s value for this field</source>
        <translation>&amp;Naudoti šaltinio reikšmę šiam laukui</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="97"/>
        <source>&amp;Merge the others into the target</source>
        <translation>&amp;Sujungti kitus į išliekantį punktą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="99"/>
        <source>Merges made</source>
        <translation>Atlikti sujungimai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="100"/>
        <source>&amp;Undo the selected merge</source>
        <translation>&amp;Atšaukti pažymėtą sujungimą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="103"/>
        <source>No possible duplicates or overlaps here: every plan point in this scope reads differently from the others.</source>
        <translation>Galimų dublikatų ar sutapimų nėra: kiekvienas šios srities plano punktas skiriasi nuo kitų.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="111"/>
        <source>Undo &amp;this merge</source>
        <translation>Atšaukti ši&amp;tą sujungimą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="125"/>
        <source>Title</source>
        <translation>Pavadinimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="125"/>
        <source>Summary</source>
        <translation>Santrauka</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="125"/>
        <source>Text</source>
        <translation>Tekstas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="126"/>
        <source>Objective</source>
        <translation>Tikslas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="126"/>
        <source>Actions</source>
        <translation>Veiksmai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="127"/>
        <source>Indicators</source>
        <translation>Rodikliai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="127"/>
        <source>Responsible</source>
        <translation>Atsakingas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="128"/>
        <source>Resources / budget</source>
        <translation>Ištekliai / biudžetas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="128"/>
        <source>Tags</source>
        <translation>Žymės</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="134"/>
        <source>Look in:</source>
        <translation>Ieškoti:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="138"/>
        <source>Fewer</source>
        <translation>Mažiau</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="140"/>
        <source>More suggestions</source>
        <translation>Daugiau pasiūlymų</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="153"/>
        <source>Possible duplicates and overlaps, most similar first:</source>
        <translation>Galimi dublikatai ir sutapimai (panašiausi pirmiau):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="156"/>
        <source>How alike each pair in this group is:</source>
        <translation>Kiek panaši kiekviena šios grupės pora:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="162"/>
        <source>Surviving point:</source>
        <translation>Išliekantis punktas:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="164"/>
        <source>Compare with:</source>
        <translation>Palyginti su:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="177"/>
        <source>Related to the surviving point:</source>
        <translation>Susiję su išliekančiu punktu:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="183"/>
        <source>Shared passages are highlighted.</source>
        <translation>Bendros ištraukos paryškintos.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="187"/>
        <source>The combined point (edit before merging):</source>
        <translation>Sujungtas punktas (pataisykite prieš sujungdami):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="199"/>
        <source>&amp;Suggestions</source>
        <translation>&amp;Pasiūlymai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="200"/>
        <source>M&amp;erges</source>
        <translation>Su&amp;jungimai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="201"/>
        <source>Re&amp;viewed</source>
        <translation>Per&amp;žiūrėta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="206"/>
        <source>These points say different things: never suggest them together again, on any laptop of the coalition.</source>
        <translation>Šie punktai sako skirtingus dalykus: daugiau niekada nesiūlyti jų kartu jokiame koalicijos kompiuteryje.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="208"/>
        <source>These points are related but stay separate: link them (the link shows on each point) and stop suggesting them together.</source>
        <translation>Šie punktai susiję, bet lieka atskiri: susieti juos (ryšys rodomas prie kiekvieno punkto) ir nebesiūlyti jų kartu.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="217"/>
        <source>Finding was cancelled; the suggestions are as they were.</source>
        <translation>Paieška atšaukta; pasiūlymai liko tokie, kokie buvo.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="243"/>
        <source>The whole coalition</source>
        <translation>Visa koalicija</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/window.py" line="310"/>
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 ir dar %n</numerusform>
            <numerusform>%1 ir dar %n</numerusform>
            <numerusform>%1 ir dar %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="326"/>
        <source>duplicate</source>
        <translation>dublikatas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="326"/>
        <source>overlap</source>
        <translation>sutapimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="355"/>
        <source>{title} (linked by {org})</source>
        <translation>{title} (susiejo {org})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="381"/>
        <source>Looking for possible duplicates and overlaps...</source>
        <translation>Ieškoma galimų dublikatų ir sutapimų...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="469"/>
        <source>“{title}” now holds the merged text; the other points are marked as merged into it. Nothing is lost: the merge can be undone.</source>
        <translation>„{title}“ dabar turi sujungtą tekstą; kiti punktai pažymėti kaip sujungti į jį. Niekas neprarasta: sujungimą galima atšaukti.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/window.py" line="474"/>
        <source>Merged %n proposals into “{title}”.</source>
        <translation>
            <numerusform>Į „{title}“ sujungtas %n pasiūlymas.</numerusform>
            <numerusform>Į „{title}“ sujungti %n pasiūlymai.</numerusform>
            <numerusform>Į „{title}“ sujungta %n pasiūlymų.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="317"/>
        <source>active</source>
        <translation>galioja</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="317"/>
        <source>undone</source>
        <translation>atšauktas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="315"/>
        <source>{sources} → {target} ({org}, {state})</source>
        <translation>{sources} → {target} ({org}, {state})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/review_actions.py" line="75"/>
        <source>Sensitivity</source>
        <translation>Jautrumas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/review_actions.py" line="87"/>
        <source>Suggest groups whose points are at least {percent}% alike (default {default}%).</source>
        <translation>Siūlyti grupes, kurių punktai panašūs bent {percent} % (numatyta {default} %).</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/review_actions.py" line="111"/>
        <source>Not a duplicate: %n points will not be suggested together again.</source>
        <translation>
            <numerusform>Ne dublikatas: %n punktas daugiau nebus siūlomas kartu.</numerusform>
            <numerusform>Ne dublikatas: %n punktai daugiau nebus siūlomi kartu.</numerusform>
            <numerusform>Ne dublikatas: %n punktų daugiau nebus siūloma kartu.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/review_actions.py" line="128"/>
        <source>Linked %n points as related; each keeps its own text.</source>
        <translation>
            <numerusform>Susietas %n punktas kaip susijęs; kiekvienas išlaiko savo tekstą.</numerusform>
            <numerusform>Susieti %n punktai kaip susiję; kiekvienas išlaiko savo tekstą.</numerusform>
            <numerusform>Susieta %n punktų kaip susijusių; kiekvienas išlaiko savo tekstą.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CoverageModel</name>
    <message>
        <location filename="../../stratplan/ui/peer/models.py" line="81"/>
        <source>{area}: {needs}, {unmet}, {offers}</source>
        <translation>{area}: {needs}, {unmet}, {offers}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="82"/>
        <source>%n needs</source>
        <translation>
            <numerusform>%n poreikis</numerusform>
            <numerusform>%n poreikiai</numerusform>
            <numerusform>%n poreikių</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="83"/>
        <source>%n without any offer</source>
        <translation>
            <numerusform>%n be jokio pasiūlymo</numerusform>
            <numerusform>%n be jokio pasiūlymo</numerusform>
            <numerusform>%n be jokio pasiūlymo</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="84"/>
        <source>%n offers</source>
        <translation>
            <numerusform>%n pasiūlymas</numerusform>
            <numerusform>%n pasiūlymai</numerusform>
            <numerusform>%n pasiūlymų</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="106"/>
        <source>needs help here; %n other organisations offer it</source>
        <translation>
            <numerusform>čia reikia pagalbos; ją siūlo %n kita organizacija</numerusform>
            <numerusform>čia reikia pagalbos; ją siūlo %n kitos organizacijos</numerusform>
            <numerusform>čia reikia pagalbos; ją siūlo %n kitų organizacijų</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/models.py" line="107"/>
        <source>needs help here; nobody offers it yet</source>
        <translation>čia reikia pagalbos; kol kas niekas jos nesiūlo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/models.py" line="108"/>
        <source>offers help here</source>
        <translation>čia siūlo pagalbą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/models.py" line="108"/>
        <source>nothing recorded</source>
        <translation>nieko neįrašyta</translation>
    </message>
</context>
<context>
    <name>DelegateQuestion</name>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="57"/>
        <source>Give our vote</source>
        <translation>Perduoti mūsų balsą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="58"/>
        <source>The organisation that votes for us in this round (until we withdraw it or vote ourselves):</source>
        <translation>Organizacija, kuri šiame balsavime balsuos už mus (kol balso neatsiimsime ar nebalsuosime patys):</translation>
    </message>
</context>
<context>
    <name>EmptyBallotQuestion</name>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="34"/>
        <source>Empty ballot</source>
        <translation>Tuščias biuletenis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="35"/>
        <source>Nothing is chosen on this ballot. Record an empty ballot (an abstention)?</source>
        <translation>Šiame biuletenyje niekas nepasirinkta. Įrašyti tuščią biuletenį (susilaikymą)?</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="38"/>
        <source>It counts towards the quorum, but for or against no point. You can change your ballot while the round is open.</source>
        <translation>Jis įskaitomas į kvorumą, bet nėra nei už, nei prieš jokį punktą. Kol turas vyksta, biuletenį galite pakeisti.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="41"/>
        <source>&amp;Record the abstention</source>
        <translation>Į&amp;rašyti susilaikymą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="43"/>
        <source>&amp;Go back to the ballot</source>
        <translation>&amp;Grįžti į biuletenį</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../stratplan/ui/errors.py" line="24"/>
        <location filename="../../stratplan/ui/errors.py" line="56"/>
        <source>StratPlan</source>
        <translation>StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/errors.py" line="53"/>
        <source>Something unexpected went wrong. Your saved work is safe.

{error}

Details were written to {path}.</source>
        <translation>Įvyko netikėta klaida. Jūsų įrašyti duomenys saugūs.

{error}

Išsami informacija įrašyta į {path}.</translation>
    </message>
</context>
<context>
    <name>Exporting</name>
    <message>
        <location filename="../../stratplan/ui/programme/exporting.py" line="326"/>
        <source>Writing {name}...</source>
        <translation>Rašoma {name}...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/exporting.py" line="344"/>
        <source>Saved {name} in {folder}</source>
        <translation>{name} išsaugotas aplanke {folder}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/exporting.py" line="353"/>
        <source>OpenDocument (*.odt), needs LibreOffice (not installed)</source>
        <translation>OpenDocument (*.odt), reikia LibreOffice (neįdiegta)</translation>
    </message>
</context>
<context>
    <name>GapsPage</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="348"/>
        <source>Points nobody is working on</source>
        <translation>Punktai, kurių niekas nevykdo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="349"/>
        <source>Organisation</source>
        <translation>Organizacija</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="349"/>
        <source>Period</source>
        <translation>Laikotarpis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="349"/>
        <source>Due</source>
        <translation>Terminas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="350"/>
        <source>Point</source>
        <translation>Punktas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="351"/>
        <source>Overdue reports</source>
        <translation>Vėluojančios ataskaitos</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="369"/>
        <source>Points &amp;nobody is working on in this period (%n):</source>
        <translation>
            <numerusform>Punktai, kurių niekas nevy&amp;kdo šiuo laikotarpiu (%n):</numerusform>
            <numerusform>Punktai, kurių niekas nevy&amp;kdo šiuo laikotarpiu (%n):</numerusform>
            <numerusform>Punktai, kurių niekas nevy&amp;kdo šiuo laikotarpiu (%n):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="372"/>
        <source>Reports &amp;overdue (%n):</source>
        <translation>
            <numerusform>Vėl&amp;uojančios ataskaitos (%n):</numerusform>
            <numerusform>Vėl&amp;uojančios ataskaitos (%n):</numerusform>
            <numerusform>Vėl&amp;uojančios ataskaitos (%n):</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupActions</name>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="42"/>
        <source>&amp;Organisations and people...</source>
        <translation>&amp;Organizacijos ir žmonės...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="43"/>
        <source>Ro&amp;les...</source>
        <translation>&amp;Vaidmenys...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="45"/>
        <source>&amp;New working group...</source>
        <translation>&amp;Nauja darbo grupė...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="46"/>
        <source>&amp;Rename working group...</source>
        <translation>&amp;Pervadinti darbo grupę...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="47"/>
        <source>&amp;Members...</source>
        <translation>Na&amp;riai...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="48"/>
        <source>&amp;Archive working group</source>
        <translation>&amp;Archyvuoti darbo grupę</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="66"/>
        <source>New working group</source>
        <translation>Nauja darbo grupė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="68"/>
        <source>New working group</source>
        <comment>undo</comment>
        <translation>naujos darbo grupės sukūrimą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="79"/>
        <source>Select a working group in the list first.</source>
        <translation>Pirmiausia sąraše pasirinkite darbo grupę.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="88"/>
        <source>Rename working group</source>
        <translation>Pervadinti darbo grupę</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="92"/>
        <source>Rename working group</source>
        <comment>undo</comment>
        <translation>darbo grupės pervadinimą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="100"/>
        <source>Archive working group</source>
        <translation>darbo grupės archyvavimą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="101"/>
        <source>Working group archived: {name}</source>
        <translation>Darbo grupė archyvuota: {name}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="112"/>
        <source>Change group members</source>
        <translation>grupės narių pakeitimą</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/group_actions.py" line="114"/>
        <source>{name} now has %n member organisations.</source>
        <translation>
            <numerusform>Grupė „{name}“ dabar turi %n narę organizaciją.</numerusform>
            <numerusform>Grupė „{name}“ dabar turi %n nares organizacijas.</numerusform>
            <numerusform>Grupė „{name}“ dabar turi %n narių organizacijų.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="38"/>
        <source>&amp;Name</source>
        <translation>&amp;Pavadinimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="39"/>
        <source>&amp;Description</source>
        <translation>&amp;Aprašymas</translation>
    </message>
</context>
<context>
    <name>GroupListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="74"/>
        <source>All proposals</source>
        <translation>Visi plano punktai</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="95"/>
        <source>StratPlan user guide</source>
        <translation>StratPlan naudotojo vadovas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="97"/>
        <source>User guide</source>
        <translation>Naudotojo vadovas</translation>
    </message>
</context>
<context>
    <name>HelpShortcuts</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="77"/>
        <source>Tool windows</source>
        <translation>Įrankių langai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="78"/>
        <source>Programme sections and points</source>
        <translation>Programos skyriai ir punktai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="79"/>
        <source>Lists and tables</source>
        <translation>Sąrašai ir lentelės</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="81"/>
        <source>Close the window</source>
        <translation>Uždaryti langą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="82"/>
        <source>Move the selected section or point up / down</source>
        <translation>Perkelti pasirinktą skyrių ar punktą aukštyn / žemyn</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="83"/>
        <source>Move between cells</source>
        <translation>Pereiti tarp langelių</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="83"/>
        <source>Arrow keys</source>
        <translation>Rodyklių klavišai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="84"/>
        <source>Go to the next field</source>
        <translation>Pereiti į kitą lauką</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="85"/>
        <source>Everywhere</source>
        <translation>Visur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="85"/>
        <source>Open a menu or press a button</source>
        <translation>Atverti meniu ar paspausti mygtuką</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="86"/>
        <source>Alt + the underlined letter</source>
        <translation>Alt + pabraukta raidė</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="36"/>
        <source>Select a revision to compare it with the newest; Ctrl+click to pick two.</source>
        <translation>Pasirinkite redakciją, kad palygintumėte ją su naujausia; norėdami pasirinkti dvi, spustelėkite laikydami nuspaustą klavišą Ctrl.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="42"/>
        <source>&amp;Restore this revision</source>
        <translation>A&amp;tkurti šią redakciją</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="72"/>
        <source>These two revisions have the same text.</source>
        <translation>Šių dviejų redakcijų tekstas vienodas.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="107"/>
        <location filename="../../stratplan/ui/widgets/history.py" line="108"/>
        <source>Revision #{n} ({author})</source>
        <translation>Redakcija Nr. {n} ({author})</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="28"/>
        <source>Import proposals from {name}</source>
        <translation>Pasiūlymų importas iš {name}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="33"/>
        <source>(possible duplicate of “{title}”)</source>
        <translation>(galimai dubliuoja „{title}“)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="45"/>
        <source>Nothing was skipped.</source>
        <translation>Nieko nepraleista.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="48"/>
        <source>Points found</source>
        <translation>Rasti punktai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="49"/>
        <source>Skipped</source>
        <translation>Praleista</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="50"/>
        <source>Working group</source>
        <translation>Darbo grupė</translation>
    </message>
</context>
<context>
    <name>IndicatorChart</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="184"/>
        <source>Chart: the selected indicator over the periods</source>
        <translation>Diagrama: pasirinktas rodiklis per laikotarpius</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="211"/>
        <source>No indicator to chart for this point.</source>
        <translation>Šis punktas neturi rodiklio diagramai.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="214"/>
        <source>Coalition mean</source>
        <translation>Koalicijos vidurkis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="216"/>
        <source>Our value ({code})</source>
        <translation>Mūsų reikšmė ({code})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="219"/>
        <source>target</source>
        <translation>tikslas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="221"/>
        <source>{indicator}, coalition mean per period: {values}; target {target}</source>
        <translation>{indicator}, koalicijos vidurkis pagal laikotarpį: {values}; tikslas {target}</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="46"/>
        <source>Join a coalition</source>
        <translation>Prisijungti prie koalicijos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="48"/>
        <source>StratPlan writes a request file. Send it to the coalition&apos;s convener (or, for a second laptop, to your organisation&apos;s first laptop). Their reply is a bundle file: receive it here.</source>
        <translation>StratPlan įrašys prašymo failą. Nusiųskite jį koalicijos koordinatoriui (o antram kompiuteriui – pirmajam savo organizacijos kompiuteriui). Atsakymas bus paketo failas: gaukite jį čia.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="51"/>
        <source>This is a second laptop of an organisation already in the coalition</source>
        <translation>Tai antras organizacijos, jau esančios koalicijoje, kompiuteris</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="56"/>
        <source>e.g. LT</source>
        <translation>pvz., LT</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="58"/>
        <source>e.g. lt</source>
        <translation>pvz., lt</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="61"/>
        <source>e.g. Rūta&apos;s laptop</source>
        <translation>pvz., Rūtos kompiuteris</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="66"/>
        <source>Your organisation</source>
        <translation>Jūsų organizacija</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="66"/>
        <source>Short code</source>
        <translation>Trumpas kodas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="67"/>
        <source>Country (ISO code)</source>
        <translation>Šalis (ISO kodas)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="68"/>
        <source>Working language</source>
        <translation>Darbo kalba</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="68"/>
        <source>Your name</source>
        <translation>Jūsų vardas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="69"/>
        <source>This laptop&apos;s name</source>
        <translation>Šio kompiuterio pavadinimas</translation>
    </message>
</context>
<context>
    <name>LayoutPage</name>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="88"/>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="108"/>
        <source>Sections and points</source>
        <translation>Skyriai ir punktai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="93"/>
        <source>Add &amp;section...</source>
        <translation>Pridėti &amp;skyrių...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="95"/>
        <source>Remove from programme</source>
        <translation>Pašalinti iš programos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="94"/>
        <source>Rena&amp;me section...</source>
        <translation>Pe&amp;rvadinti skyrių...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="96"/>
        <source>← Pl&amp;ace in selected section</source>
        <translation>← Įtraukti į p&amp;asirinktą skyrių</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="97"/>
        <source>Save &amp;order</source>
        <translation>Įrašyti &amp;tvarką</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="99"/>
        <source>Move &amp;up</source>
        <translation>Perkelti aukšt&amp;yn</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="100"/>
        <source>Move &amp;down</source>
        <translation>Perkelti ž&amp;emyn</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="101"/>
        <source>Move the selected section or point up (Ctrl+Up)</source>
        <translation>Perkelti pasirinktą skyrių ar punktą aukštyn (Ctrl+Up)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="102"/>
        <source>Move the selected section or point down (Ctrl+Down)</source>
        <translation>Perkelti pasirinktą skyrių ar punktą žemyn (Ctrl+Down)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="103"/>
        <source>Create &amp;release...</source>
        <translation>S&amp;ukurti versiją...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="107"/>
        <source>What changed between the two releases</source>
        <translation>Kas pasikeitė tarp dviejų versijų</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="120"/>
        <source>Adopted points not yet placed (in ranking order):</source>
        <translation>Priimti, bet dar neįtraukti punktai (pagal reitingą):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="124"/>
        <source>Releases (select two to compare):</source>
        <translation>Versijos (pažymėkite dvi palyginimui):</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/layout_page.py" line="211"/>
        <source>{name} — {date}, %n points</source>
        <translation>
            <numerusform>{name} — {date}, %n punktas</numerusform>
            <numerusform>{name} — {date}, %n punktai</numerusform>
            <numerusform>{name} — {date}, %n punktų</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="266"/>
        <source>Add section</source>
        <translation>Pridėti skyrių</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="266"/>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="278"/>
        <source>Strategic area:</source>
        <translation>Strateginė sritis:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="275"/>
        <source>Select a section in the tree first.</source>
        <translation>Pirmiausia medyje pažymėkite skyrių.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="278"/>
        <source>Rename section</source>
        <translation>Pervadinti skyrių</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="324"/>
        <source>Strategic area 1</source>
        <translation>Strateginė sritis 1</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="357"/>
        <source>Select two releases to see what changed between them.</source>
        <translation>Pažymėkite dvi versijas ir pamatysite, kas pasikeitė.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="368"/>
        <source>section {n} renamed: “{old}” → “{new}”</source>
        <translation>{n} skyrius pervadintas: „{old}“ → „{new}“</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="370"/>
        <source>section added: {n} {title}</source>
        <translation>pridėtas skyrius: {n} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="372"/>
        <source>section removed: {n} {title}</source>
        <translation>pašalintas skyrius: {n} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="373"/>
        <source>added</source>
        <translation>pridėta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="373"/>
        <source>removed</source>
        <translation>pašalinta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="373"/>
        <source>changed</source>
        <translation>pakeista</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="374"/>
        <source>moved</source>
        <translation>perkelta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="385"/>
        <source>title</source>
        <translation>pavadinimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="385"/>
        <source>summary</source>
        <translation>santrauka</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="385"/>
        <source>text</source>
        <translation>tekstas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="386"/>
        <source>objective</source>
        <translation>tikslas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="386"/>
        <source>actions</source>
        <translation>veiksmai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="387"/>
        <source>indicators</source>
        <translation>rodikliai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="387"/>
        <source>responsible</source>
        <translation>atsakingas asmuo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="388"/>
        <source>start</source>
        <translation>pradžia</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="388"/>
        <source>end</source>
        <translation>pabaiga</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="388"/>
        <source>resources</source>
        <translation>ištekliai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="389"/>
        <source>level</source>
        <translation>lygmuo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="389"/>
        <source>tags</source>
        <translation>žymos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="364"/>
        <source>No changes.</source>
        <translation>Pakeitimų nėra.</translation>
    </message>
</context>
<context>
    <name>LocalPlanPage</name>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="75"/>
        <source>&amp;Start a local plan from a release...</source>
        <translation>P&amp;radėti vietos planą pagal versiją...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="78"/>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="78"/>
        <source>Point</source>
        <translation>Punktas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="78"/>
        <source>Our decision</source>
        <translation>Mūsų sprendimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="91"/>
        <source>&amp;Accept the programme&apos;s change</source>
        <translation>Pri&amp;imti programos pakeitimą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="92"/>
        <source>&amp;Keep our version</source>
        <translation>Palik&amp;ti mūsų versiją</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="93"/>
        <source>Adopt as is</source>
        <translation>Priimti be pakeitimų</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="94"/>
        <source>Adapt</source>
        <translation>Pritaikyti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="95"/>
        <source>Not applicable here</source>
        <translation>Čia netaikoma</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="106"/>
        <source>One per line: indicator; baseline; target; unit</source>
        <translation>Po vieną eilutėje: rodiklis; pradinė reikšmė; siektina reikšmė; vienetas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="108"/>
        <source>Save &amp;decision</source>
        <translation>Įrašyti &amp;sprendimą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="76"/>
        <source>Follow a ne&amp;wer release...</source>
        <translation>Pereiti prie &amp;naujesnės versijos...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="85"/>
        <source>Points of the local plan</source>
        <translation>Vietos plano punktai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="109"/>
        <source>Add a local po&amp;int...</source>
        <translation>Pridėti vietos p&amp;unktą...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="117"/>
        <source>Local plan:</source>
        <translation>Vietos planas:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="131"/>
        <source>Decision</source>
        <translation>Sprendimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="132"/>
        <source>Local text</source>
        <translation>Vietos tekstas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="133"/>
        <source>Local actions</source>
        <translation>Vietos veiksmai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="134"/>
        <source>Responsible person</source>
        <translation>Atsakingas asmuo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="135"/>
        <source>Start</source>
        <translation>Pradžia</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="136"/>
        <source>End</source>
        <translation>Pabaiga</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="137"/>
        <source>Indicators</source>
        <translation>Rodikliai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="138"/>
        <source>Budget</source>
        <translation>Biudžetas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="139"/>
        <source>Reason (if not applicable)</source>
        <translation>Priežastis (jei netaikoma)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="147"/>
        <source>The programme&apos;s text:</source>
        <translation>Programos tekstas:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="204"/>
        <source>adopt as is</source>
        <translation>priimti be pakeitimų</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="204"/>
        <source>adapt</source>
        <translation>pritaikyti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="205"/>
        <source>not applicable here</source>
        <translation>čia netaikoma</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="208"/>
        <source>local point</source>
        <translation>vietos punktas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="280"/>
        <source>The programme changed this point after you decided ({fields}). Accept the new text, or keep your version.</source>
        <translation>Programa pakeitė šį punktą po jūsų sprendimo ({fields}). Priimkite naują tekstą arba palikite savo versiją.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="343"/>
        <source>There is no release yet: create one on the “Unified programme” page first.</source>
        <translation>Dar nėra nė vienos versijos: pirmiausia sukurkite ją puslapyje „Bendroji programa“.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="348"/>
        <source>Start a local plan</source>
        <translation>Pradėti vietos planą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="362"/>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="372"/>
        <source>Start a local plan first.</source>
        <translation>Pirmiausia pradėkite vietos planą.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="364"/>
        <source>Follow a newer release</source>
        <translation>Pereiti prie naujesnės versijos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="375"/>
        <source>Add a local point</source>
        <translation>Pridėti vietos punktą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="375"/>
        <source>Title:</source>
        <translation>Pavadinimas:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="152"/>
        <source>Filter: title, summary, text, tags, author, organisation</source>
        <translation>Filtras: pavadinimas, santrauka, tekstas, žymės, autorius, organizacija</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="254"/>
        <source>&amp;Edit</source>
        <translation>&amp;Redaguoti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="215"/>
        <source>&amp;Comments</source>
        <translation>K&amp;omentarai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="150"/>
        <source>Working groups</source>
        <translation>Darbo grupės</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="154"/>
        <source>Filter the plan points</source>
        <translation>Filtruoti plano punktus</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="158"/>
        <source>Plan points</source>
        <translation>Plano punktai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="216"/>
        <source>Amendments</source>
        <translation>Pataisos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="228"/>
        <source>Title</source>
        <translation>Pavadinimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="228"/>
        <source>Summary</source>
        <translation>Santrauka</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="228"/>
        <source>Text</source>
        <translation>Tekstas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="229"/>
        <source>Objective</source>
        <translation>Tikslas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="229"/>
        <source>Actions</source>
        <translation>Veiksmai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="230"/>
        <source>Indicators</source>
        <translation>Rodikliai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="230"/>
        <source>Responsible</source>
        <translation>Atsakingas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="231"/>
        <source>Start</source>
        <translation>Pradžia</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="231"/>
        <source>End</source>
        <translation>Pabaiga</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="231"/>
        <source>Resources / budget</source>
        <translation>Ištekliai / biudžetas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="232"/>
        <source>Level</source>
        <translation>Lygmuo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="232"/>
        <source>Tags</source>
        <translation>Žymės</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="232"/>
        <source>Status</source>
        <translation>Būsena</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="233"/>
        <source>Reason</source>
        <translation>Priežastis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="241"/>
        <source>&amp;File</source>
        <translation>&amp;Failas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="242"/>
        <source>&amp;New store...</source>
        <translation>&amp;Nauja saugykla...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="243"/>
        <source>&amp;Open store...</source>
        <translation>&amp;Atidaryti saugyklą...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="244"/>
        <source>Open &amp;recent</source>
        <translation>&amp;Paskutinės saugyklos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="248"/>
        <source>&amp;Import proposals (Word, Markdown)...</source>
        <translation>&amp;Importuoti pasiūlymus (Word, Markdown)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="250"/>
        <source>Se&amp;ttings...</source>
        <translation>Nu&amp;statymai...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="253"/>
        <source>&amp;Quit</source>
        <translation>&amp;Baigti darbą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="255"/>
        <source>&amp;Undo</source>
        <translation>&amp;Atšaukti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="257"/>
        <source>&amp;Redo</source>
        <translation>&amp;Grąžinti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="267"/>
        <source>&amp;New plan point</source>
        <translation>&amp;Naujas plano punktas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="269"/>
        <source>&amp;Save plan point</source>
        <translation>Į&amp;rašyti plano punktą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="271"/>
        <source>&amp;Delete plan point</source>
        <translation>Iš&amp;trinti plano punktą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="276"/>
        <source>&amp;Find...</source>
        <translation>&amp;Ieškoti...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="277"/>
        <source>&amp;Conflicts...</source>
        <translation>&amp;Konfliktai...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="278"/>
        <source>Sp&amp;lit plan point...</source>
        <translation>Pa&amp;dalyti plano punktą...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="279"/>
        <source>Re&amp;tire plan point...</source>
        <translation>N&amp;urašyti plano punktą...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="280"/>
        <source>&amp;Groups</source>
        <translation>&amp;Grupės</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="283"/>
        <source>Voting &amp;rounds...</source>
        <translation>Balsavimo &amp;turai...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="285"/>
        <source>Pro&amp;gress reports...</source>
        <translation>Pažangos &amp;ataskaitos...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="287"/>
        <source>&amp;Consolidation (overlaps and merges)...</source>
        <translation>&amp;Suvienodinimas (sutapimai ir sujungimai)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="289"/>
        <source>&amp;Sharing</source>
        <translation>&amp;Dalijimasis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="294"/>
        <source>&amp;User guide</source>
        <translation>&amp;Naudotojo vadovas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="295"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Spartieji klavišai</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window.py" line="499"/>
        <source>{shown} of %n plan points</source>
        <translation>
            <numerusform>Rodoma {shown}; iš viso %n plano punktas</numerusform>
            <numerusform>Rodoma {shown}; iš viso %n plano punktai</numerusform>
            <numerusform>Rodoma {shown}; iš viso %n plano punktų</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="557"/>
        <source>Merged from other proposals; co-authors: {names}.</source>
        <translation>Sujungta iš kitų pasiūlymų; bendraautoriai: {names}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="560"/>
        <source>Edited after the merge (review them in the merged proposals): {titles}.</source>
        <translation>Redaguota po sujungimo (peržiūrėkite sujungtuose pasiūlymuose): {titles}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="563"/>
        <source>Related points (linked in Consolidation, not merged): {titles}.</source>
        <translation>Susiję punktai (susieti suvienodinant, nesujungti): {titles}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="713"/>
        <source>Rebuilding the views from the log...</source>
        <translation>Rodiniai atkuriami iš žurnalo...</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window.py" line="716"/>
        <source>Rebuilt the views from %n operations.</source>
        <translation>
            <numerusform>Rodiniai atkurti iš %n operacijos.</numerusform>
            <numerusform>Rodiniai atkurti iš %n operacijų.</numerusform>
            <numerusform>Rodiniai atkurti iš %n operacijų.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="291"/>
        <source>&amp;Tools</source>
        <translation>Įr&amp;ankiai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="196"/>
        <source>Sa&amp;ve</source>
        <translation>Įraš&amp;yti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="198"/>
        <source>Discard cha&amp;nges</source>
        <translation>At&amp;mesti pakeitimus</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="213"/>
        <source>E&amp;dit</source>
        <translation>R&amp;edaguoti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="214"/>
        <source>Histor&amp;y</source>
        <translation>Istori&amp;ja</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="282"/>
        <source>&amp;Programme</source>
        <translation>&amp;Programa</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="284"/>
        <source>&amp;Programme and local plan...</source>
        <translation>&amp;Programa ir vietos planas...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="286"/>
        <source>Peer-to-peer &amp;training...</source>
        <translation>Tarpusavio &amp;mokymai...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="292"/>
        <source>&amp;Rebuild views from the log</source>
        <translation>&amp;Atkurti rodinius iš žurnalo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="293"/>
        <source>&amp;Help</source>
        <translation>Ži&amp;nynas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="297"/>
        <source>&amp;About StratPlan</source>
        <translation>&amp;Apie StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="568"/>
        <source>This point was edited on two laptops at once. The newest version is shown; compare the versions in History and save the text you want.</source>
        <translation>Šis punktas vienu metu buvo redaguotas dviejuose nešiojamuosiuose kompiuteriuose. Rodoma naujausia versija; palyginkite versijas skirtuke „Istorija“ ir įrašykite norimą tekstą.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="574"/>
        <source>Recovered unsaved changes from {time}. Save to keep them, or undo with “Discard changes”.</source>
        <translation>Atkurti neįrašyti pakeitimai, atlikti iki {time}. Įrašykite, jei norite juos išlaikyti, arba atsisakykite jų mygtuku „Atmesti pakeitimus“.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="577"/>
        <source>The point has changed since: check History before saving.</source>
        <translation>Nuo to laiko punktas pasikeitė: prieš įrašydami peržiūrėkite skirtuką „Istorija“.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="601"/>
        <source>Unsaved changes (kept safe on this laptop)</source>
        <translation>Neįrašyti pakeitimai (saugiai laikomi šiame nešiojamajame kompiuteryje)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="603"/>
        <source>All changes saved</source>
        <translation>Visi pakeitimai įrašyti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="627"/>
        <source>Save plan point</source>
        <translation>plano punkto įrašymą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="641"/>
        <source>Untitled plan point</source>
        <translation>Plano punktas be pavadinimo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="643"/>
        <source>New plan point</source>
        <translation>naujo plano punkto sukūrimą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="654"/>
        <source>Delete plan point</source>
        <translation>plano punkto ištrynimą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="682"/>
        <source>Restore revision</source>
        <translation>redakcijos atkūrimą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="688"/>
        <source>Post comment</source>
        <translation>komentaro paskelbimą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="696"/>
        <source>Withdraw comment</source>
        <translation>komentaro atsiėmimą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="84"/>
        <source>Import proposals</source>
        <translation>Importuoti pasiūlymus</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="85"/>
        <source>Word or Markdown (*.docx *.md *.markdown *.txt)</source>
        <translation>Word arba Markdown (*.docx *.md *.markdown *.txt)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window_tools.py" line="102"/>
        <source>%n proposals imported as drafts.</source>
        <translation>
            <numerusform>Importuotas %n pasiūlymas (juodraštis).</numerusform>
            <numerusform>Importuoti %n pasiūlymai (juodraščiai).</numerusform>
            <numerusform>Importuota %n pasiūlymų (juodraščiai).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="153"/>
        <source>Split plan point</source>
        <translation>Padalyti plano punktą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="154"/>
        <source>Titles of the new points, one per line:</source>
        <translation>Naujų punktų pavadinimai, po vieną eilutėje:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="737"/>
        <source>Open store</source>
        <translation>Atidaryti saugyklą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="738"/>
        <source>StratPlan stores (*.sqlite);;All files (*)</source>
        <translation>StratPlan saugyklos (*.sqlite);;Visi failai (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="743"/>
        <source>New store</source>
        <translation>Nauja saugykla</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="744"/>
        <source>StratPlan stores (*.sqlite)</source>
        <translation>StratPlan saugyklos (*.sqlite)</translation>
    </message>
</context>
<context>
    <name>MatrixPage</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="310"/>
        <source>Members by points</source>
        <translation>Nariai pagal punktus</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="318"/>
        <source>Members × points, one &amp;cell per report (hover it for words):</source>
        <translation>Nariai × punktai, po vieną lan&amp;gelį kiekvienai ataskaitai (užveskite pelę – pamatysite žodžiais):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="322"/>
        <source>set aside</source>
        <translation>atidėta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="322"/>
        <source>no report</source>
        <translation>nėra ataskaitos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="323"/>
        <source>no local plan</source>
        <translation>nėra vietos plano</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="327"/>
        <source>Legend: {marks}</source>
        <translation>Ženklai: {marks}</translation>
    </message>
</context>
<context>
    <name>MembersDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="55"/>
        <source>Member organisations</source>
        <translation>Narės organizacijos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="57"/>
        <source>Filter organisations</source>
        <translation>Filtruoti organizacijas</translation>
    </message>
</context>
<context>
    <name>NewCoalitionDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="15"/>
        <source>Start a new coalition</source>
        <translation>Kurti naują koaliciją</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="20"/>
        <source>e.g. LT</source>
        <translation>pvz., LT</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="22"/>
        <source>e.g. lt</source>
        <translation>pvz., lt</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="25"/>
        <source>Coalition name</source>
        <translation>Koalicijos pavadinimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="26"/>
        <source>Your organisation</source>
        <translation>Jūsų organizacija</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="27"/>
        <source>Short code</source>
        <translation>Trumpasis kodas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="28"/>
        <source>Country (ISO code)</source>
        <translation>Šalis (ISO kodas)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="29"/>
        <source>Working language</source>
        <translation>Darbo kalba</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="30"/>
        <source>Your name</source>
        <translation>Jūsų vardas</translation>
    </message>
</context>
<context>
    <name>NewRoundDialog</name>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="44"/>
        <source>Open a voting round</source>
        <translation>Pradėti balsavimo turą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="47"/>
        <source>Approval: does each point fit our organisation?</source>
        <translation>Pritarimas: ar kiekvienas punktas tinka mūsų organizacijai?</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="48"/>
        <source>Ranking: order the points (Schulze)</source>
        <translation>Reitingavimas: surikiuoti punktus (Schulze metodas)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="49"/>
        <source>Score: grade each point 0 to 5</source>
        <translation>Vertinimas: kiekvienas punktas nuo 0 iki 5</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="54"/>
        <source>of those who expressed a view</source>
        <translation>iš pareiškusių nuomonę</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="55"/>
        <source>of the whole electorate</source>
        <translation>iš visų balsuojančiųjų</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="57"/>
        <source>YYYY-MM-DD (optional)</source>
        <translation>MMMM-MM-DD (nebūtina)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="58"/>
        <source>&amp;Show the results while the round is open (marked provisional)</source>
        <translation>Rodyti rezultatus, kol turas &amp;vyksta (pažymėtus kaip preliminarius)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="59"/>
        <source>Otherwise the results stay sealed until the round closes.</source>
        <translation>Kitaip rezultatai lieka užantspauduoti, kol turas uždaromas.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="61"/>
        <source>Proposals to vote on</source>
        <translation>Pasiūlymai, dėl kurių balsuojama</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="68"/>
        <source>&amp;Title</source>
        <translation>&amp;Pavadinimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="69"/>
        <source>&amp;Method</source>
        <translation>&amp;Metodas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="70"/>
        <source>&amp;Proposals</source>
        <translation>Pa&amp;siūlymai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="71"/>
        <source>T&amp;hreshold</source>
        <translation>Sle&amp;nkstis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="72"/>
        <source>Support counted</source>
        <translation>Pritarimas skaičiuojamas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="73"/>
        <source>&amp;Quorum</source>
        <translation>&amp;Kvorumas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="74"/>
        <source>&amp;Closing date</source>
        <translation>&amp;Uždarymo data</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="78"/>
        <source>&amp;Open the round</source>
        <translation>Pradėti &amp;turą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="79"/>
        <source>Cancel</source>
        <translation>Atšaukti</translation>
    </message>
</context>
<context>
    <name>PeerWindow</name>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="67"/>
        <source>Peer-to-peer training — StratPlan</source>
        <translation>Tarpusavio mokymai — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="75"/>
        <source>Our &amp;needs and offers</source>
        <translation>Mūsų &amp;poreikiai ir pasiūlymai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="76"/>
        <source>&amp;Matches and pairings</source>
        <translation>&amp;Atitikmenys ir poros</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="80"/>
        <source>Needs and offers by area and organisation</source>
        <translation>Poreikiai ir pasiūlymai pagal sritį ir organizaciją</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="82"/>
        <source>Green: a need others can meet · Red: a need nobody offers · Blue: an offer · H/M/L: priority of the need · +n: offers made</source>
        <translation>Žalia: poreikis, kurį gali patenkinti kiti · Raudona: poreikis, kurio niekas nesiūlo · Mėlyna: pasiūlymas · H/M/L: poreikio prioritetas · +n: pasiūlymų skaičius</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="88"/>
        <source>&amp;Coverage</source>
        <translation>&amp;Aprėptis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="90"/>
        <source>Export the &amp;training plan...</source>
        <translation>Eksportuoti &amp;mokymų planą...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="91"/>
        <source>&amp;Import needs assessment (CSV)...</source>
        <translation>&amp;Importuoti poreikių vertinimą (CSV)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="92"/>
        <source>Add a capacity &amp;area...</source>
        <translation>Pridėti gebėjimų &amp;sritį...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="97"/>
        <source>Training plan of:</source>
        <translation>Kieno mokymų planas:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="117"/>
        <location filename="../../stratplan/ui/peer/window.py" line="120"/>
        <location filename="../../stratplan/ui/peer/window.py" line="142"/>
        <source>Area</source>
        <translation>Sritis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="117"/>
        <source>Priority</source>
        <translation>Prioritetas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="117"/>
        <location filename="../../stratplan/ui/peer/window.py" line="120"/>
        <location filename="../../stratplan/ui/peer/window.py" line="146"/>
        <source>Description</source>
        <translation>Aprašymas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="120"/>
        <location filename="../../stratplan/ui/peer/window.py" line="167"/>
        <source>Tool or practice</source>
        <translation>Priemonė ar praktika</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="120"/>
        <source>Formats</source>
        <translation>Formos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="128"/>
        <source>high</source>
        <translation>aukštas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="128"/>
        <source>medium</source>
        <translation>vidutinis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="128"/>
        <source>low</source>
        <translation>žemas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="133"/>
        <source>training</source>
        <translation>mokymai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="133"/>
        <source>materials</source>
        <translation>medžiaga</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="134"/>
        <source>mentoring</source>
        <translation>mentorystė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="134"/>
        <source>study visit</source>
        <translation>pažintinis vizitas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="138"/>
        <source>Add as a &amp;need</source>
        <translation>Pridėti kaip &amp;poreikį</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="139"/>
        <source>Add as an &amp;offer</source>
        <translation>Pridėti kaip p&amp;asiūlymą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="140"/>
        <source>&amp;Withdraw selected</source>
        <translation>&amp;Atsiimti pažymėtą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="143"/>
        <source>Priority (needs)</source>
        <translation>Prioritetas (poreikiams)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="144"/>
        <source>Tool or practice (offers)</source>
        <translation>Priemonė ar praktika (pasiūlymams)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="145"/>
        <source>Format (offers)</source>
        <translation>Forma (pasiūlymams)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="151"/>
        <source>Where we need help:</source>
        <translation>Kur mums reikia pagalbos:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="153"/>
        <source>What we can share:</source>
        <translation>Kuo galime pasidalyti:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="167"/>
        <source>Offered by</source>
        <translation>Siūlo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="167"/>
        <source>Shared languages</source>
        <translation>Bendros kalbos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="167"/>
        <source>Why</source>
        <translation>Kodėl</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="172"/>
        <source>&amp;Confirm this pairing</source>
        <translation>&amp;Patvirtinti šią porą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="175"/>
        <source>Needs of every organisation:</source>
        <translation>Visų organizacijų poreikiai:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="178"/>
        <source>Organisations that can help, best first:</source>
        <translation>Organizacijos, galinčios padėti (geriausios pirmiau):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="181"/>
        <source>Confirmed pairings:</source>
        <translation>Patvirtintos poros:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="307"/>
        <source>Add a capacity area</source>
        <translation>Pridėti gebėjimų sritį</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="307"/>
        <source>Name of the area:</source>
        <translation>Srities pavadinimas:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="315"/>
        <source>Import needs assessment</source>
        <translation>Importuoti poreikių vertinimą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="316"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV failai (*.csv)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="323"/>
        <source>Cannot read {path}: {why}</source>
        <translation>Nepavyksta perskaityti {path}: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="330"/>
        <source>Imported {needs} and {offers}.</source>
        <translation>Importuota: {needs} ir {offers}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/window.py" line="331"/>
        <source>%n needs</source>
        <translation>
            <numerusform>%n poreikis</numerusform>
            <numerusform>%n poreikiai</numerusform>
            <numerusform>%n poreikių</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/window.py" line="331"/>
        <source>%n offers</source>
        <translation>
            <numerusform>%n pasiūlymas</numerusform>
            <numerusform>%n pasiūlymai</numerusform>
            <numerusform>%n pasiūlymų</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="336"/>
        <source>Export the training plan</source>
        <translation>Eksportuoti mokymų planą</translation>
    </message>
</context>
<context>
    <name>ProgrammeWindow</name>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="62"/>
        <source>Programme and local plan — StratPlan</source>
        <translation>Programa ir vietos planas — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="66"/>
        <source>Unified &amp;programme</source>
        <translation>Bendroji &amp;programa</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="67"/>
        <source>Our &amp;local plan</source>
        <translation>Mūsų &amp;vietos planas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="75"/>
        <source>Word &amp;template: default</source>
        <translation>&amp;Word šablonas: numatytasis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="72"/>
        <source>E&amp;xport the selected release...</source>
        <translation>E&amp;ksportuoti pažymėtą versiją...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="73"/>
        <source>Export our local pla&amp;n...</source>
        <translation>Eksportuoti mūsų vietos p&amp;laną...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="77"/>
        <source>Document lan&amp;guage:</source>
        <translation>&amp;Dokumento kalba:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="150"/>
        <source>Word template</source>
        <translation>Word šablonas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="151"/>
        <source>Word documents and templates (*.docx *.dotx)</source>
        <translation>Word dokumentai ir šablonai (*.docx *.dotx)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="161"/>
        <source>Word template: {name}</source>
        <translation>Word šablonas: {name}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="181"/>
        <source>Select a release in the list first.</source>
        <translation>Pirmiausia sąraše pažymėkite versiją.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="183"/>
        <source>Export the programme</source>
        <translation>Eksportuoti programą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="192"/>
        <source>Start a local plan first.</source>
        <translation>Pirmiausia pradėkite vietos planą.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="194"/>
        <source>Export our local plan</source>
        <translation>Eksportuoti mūsų vietos planą</translation>
    </message>
</context>
<context>
    <name>ProgressExports</name>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="39"/>
        <source>&amp;Export</source>
        <translation>&amp;Eksportuoti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="40"/>
        <source>&amp;Our progress report...</source>
        <translation>&amp;Mūsų pažangos ataskaita...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="41"/>
        <source>The &amp;coalition&apos;s progress report...</source>
        <translation>&amp;Koalicijos pažangos ataskaita...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="42"/>
        <source>&amp;Values for donors (.xlsx)...</source>
        <translation>&amp;Reikšmės rėmėjams (.xlsx)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="75"/>
        <source>Export our progress report</source>
        <translation>Eksportuoti mūsų pažangos ataskaitą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="87"/>
        <source>Export the coalition&apos;s progress report</source>
        <translation>Eksportuoti koalicijos pažangos ataskaitą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="106"/>
        <location filename="../../stratplan/ui/progress/exports.py" line="134"/>
        <source>Writing {name}...</source>
        <translation>Rašoma {name}...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="121"/>
        <source>Export the values for donors</source>
        <translation>Eksportuoti reikšmes rėmėjams</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="122"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel darbaknygė (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="137"/>
        <source>Saved {values} values from {reports} reports in {file}</source>
        <translation>{file} įrašyta reikšmių: {values}, iš ataskaitų: {reports}</translation>
    </message>
</context>
<context>
    <name>ProgressWindow</name>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="88"/>
        <source>Progress reports — StratPlan</source>
        <translation>Pažangos ataskaitos — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="92"/>
        <source>Reports due</source>
        <translation>Laukiamos ataskaitos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="97"/>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="97"/>
        <source>Point</source>
        <translation>Punktas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="97"/>
        <source>Status</source>
        <translation>Būsena</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="98"/>
        <source>Revisions</source>
        <translation>Versijos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="99"/>
        <source>Points of our plan</source>
        <translation>Mūsų plano punktai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="102"/>
        <source>&amp;Import values from CSV...</source>
        <translation>&amp;Importuoti reikšmes iš CSV...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="111"/>
        <source>Our &amp;reports</source>
        <translation>Mūsų &amp;ataskaitos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="112"/>
        <source>Coalition: &amp;by point</source>
        <translation>Koalicija: pagal &amp;punktą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="113"/>
        <source>Coalition: &amp;members × points</source>
        <translation>Koalicija: &amp;nariai × punktai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="114"/>
        <source>Coalition: &amp;gaps</source>
        <translation>Koalicija: sprag&amp;os</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="117"/>
        <source>Coalition: c&amp;harts</source>
        <translation>Koalicija: diagra&amp;mos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="137"/>
        <source>Points we &amp;work on:</source>
        <translation>Punktai, kuriuos &amp;vykdome:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="156"/>
        <source>Reporting &amp;period:</source>
        <translation>Ataskaitų &amp;laikotarpis:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="226"/>
        <source>Our local plan: {title}</source>
        <translation>Mūsų vietos planas: {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="228"/>
        <location filename="../../stratplan/ui/progress/window.py" line="362"/>
        <source>We have no local plan yet: start one in the programme window.</source>
        <translation>Dar neturime vietos plano: pradėkite jį programos lange.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="246"/>
        <source>no report yet</source>
        <translation>dar nėra ataskaitos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="252"/>
        <source>{title}: two corrections were made without seeing each other; check the report and save it again to settle it.</source>
        <translation>{title}: du pataisymai padaryti vienas kito nematant; patikrinkite ataskaitą ir išsaugokite ją dar kartą.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="259"/>
        <source>{name}: {start} to {end}, due {due}</source>
        <translation>{name}: nuo {start} iki {end}, terminas {due}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="261"/>
        <source> (current)</source>
        <translation> (dabartinis)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="268"/>
        <source>Overdue since {due}: {period}, {number} {title}</source>
        <translation>Vėluoja nuo {due}: {period}, {number} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="271"/>
        <source>Due on {due}: {period}, {number} {title}</source>
        <translation>Terminas {due}: {period}, {number} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="273"/>
        <source>No update yet for {period}: {number} {title}</source>
        <translation>Dar nepranešta už {period}: {number} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="285"/>
        <source>Reminders: {late}, {soon}, {waiting}. Click one to open it.</source>
        <translation>Priminimai: {late}, {soon}, {waiting}. Spustelėkite priminimą, kad jį atvertumėte.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="286"/>
        <source>%n reports overdue</source>
        <translation>
            <numerusform>%n ataskaita vėluoja</numerusform>
            <numerusform>%n ataskaitos vėluoja</numerusform>
            <numerusform>%n ataskaitų vėluoja</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="286"/>
        <source>%n due within 14 days</source>
        <translation>
            <numerusform>%n laukiama per 14 dienų</numerusform>
            <numerusform>%n laukiamos per 14 dienų</numerusform>
            <numerusform>%n laukiamų per 14 dienų</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="287"/>
        <source>%n points without an update this period</source>
        <translation>
            <numerusform>%n punktas be naujienų šiuo laikotarpiu</numerusform>
            <numerusform>%n punktai be naujienų šiuo laikotarpiu</numerusform>
            <numerusform>%n punktų be naujienų šiuo laikotarpiu</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="329"/>
        <source>Select a point of our plan first.</source>
        <translation>Pirmiausia pasirinkite mūsų plano punktą.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="336"/>
        <source>Report saved for {number}.</source>
        <translation>Punkto {number} ataskaita išsaugota.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="344"/>
        <source>Save a sheet of our points</source>
        <translation>Išsaugoti mūsų punktų lapą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="352"/>
        <source>Cannot write {path}: {why}</source>
        <translation>Nepavyksta įrašyti {path}: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="355"/>
        <source>Saved {name}: fill it in, then import it.</source>
        <translation>Išsaugota {name}: užpildykite ir importuokite.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="365"/>
        <source>Import progress values</source>
        <translation>Importuoti pažangos reikšmes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="345"/>
        <location filename="../../stratplan/ui/progress/window.py" line="365"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV failai (*.csv);;Visi failai (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="103"/>
        <source>S&amp;ave a CSV sheet to fill in...</source>
        <translation>Išsaugoti &amp;CSV lapą pildymui...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="371"/>
        <source>Cannot read {path}: {why}</source>
        <translation>Nepavyksta perskaityti {path}: {why}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="378"/>
        <source>%n reports imported.</source>
        <translation>
            <numerusform>Importuota %n ataskaita.</numerusform>
            <numerusform>Importuotos %n ataskaitos.</numerusform>
            <numerusform>Importuota %n ataskaitų.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProposalEditor</name>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="50"/>
        <source>A short, clear name for the plan point</source>
        <translation>Trumpas, aiškus plano punkto pavadinimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="54"/>
        <source>One action per line</source>
        <translation>Po vieną veiksmą eilutėje</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="57"/>
        <source>Indicator</source>
        <translation>Rodiklis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="57"/>
        <source>Baseline</source>
        <translation>Pradinė reikšmė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="57"/>
        <source>Target</source>
        <translation>Siektina reikšmė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="57"/>
        <source>Unit</source>
        <translation>Matavimo vienetas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="61"/>
        <source>Add indicator</source>
        <translation>Pridėti rodiklį</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="62"/>
        <source>Remove indicator</source>
        <translation>Pašalinti rodiklį</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="67"/>
        <source>YYYY-MM-DD</source>
        <translation>MMMM-MM-DD</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="75"/>
        <source>Comma-separated, e.g. police, training</source>
        <translation>Atskirkite kableliais, pvz., policija, mokymai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="80"/>
        <source>Reason (needed when withdrawn or rejected)</source>
        <translation>Priežastis (privaloma, jei punktas atsiimtas ar atmestas)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="82"/>
        <source>The full text, in Markdown: ## headings, **bold**, lists...</source>
        <translation>Visas tekstas Markdown formatu: ## antraštės, **paryškinimas**, sąrašai...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="84"/>
        <source>Full text (Markdown)</source>
        <translation>Visas tekstas (Markdown)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="85"/>
        <source>Preview of the full text</source>
        <translation>Viso teksto peržiūra</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="86"/>
        <source>Start date</source>
        <translation>Pradžios data</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="87"/>
        <source>End date</source>
        <translation>Pabaigos data</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="88"/>
        <source>Reason for the status</source>
        <translation>Būsenos priežastis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="100"/>
        <source>T&amp;itle</source>
        <translation>Pavad&amp;inimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="101"/>
        <source>Su&amp;mmary</source>
        <translation>&amp;Santrauka</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="119"/>
        <source>Resources / &amp;budget</source>
        <translation>Ištekliai / bi&amp;udžetas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="121"/>
        <source>Tags</source>
        <translation>Žymės</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="102"/>
        <source>&amp;Objective</source>
        <translation>&amp;Tikslas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="103"/>
        <source>&amp;Actions</source>
        <translation>&amp;Veiksmai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="89"/>
        <location filename="../../stratplan/ui/widgets/editor.py" line="111"/>
        <source>Indicators</source>
        <translation>Rodikliai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="112"/>
        <source>&amp;Responsible</source>
        <translation>Atsa&amp;kingas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="115"/>
        <source>to</source>
        <translation>iki</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="118"/>
        <source>Timeline</source>
        <translation>Laikotarpis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="120"/>
        <source>&amp;Level</source>
        <translation>&amp;Lygmuo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="125"/>
        <source>Stat&amp;us</source>
        <translation>&amp;Būsena</translation>
    </message>
</context>
<context>
    <name>ProposalListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="65"/>
        <source>Title</source>
        <translation>Pavadinimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="66"/>
        <source>Status</source>
        <translation>Būsena</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="67"/>
        <source>Organisation</source>
        <translation>Organizacija</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="68"/>
        <source>Author</source>
        <translation>Autorius</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="69"/>
        <source>Updated</source>
        <translation>Atnaujinta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="70"/>
        <source>Revisions</source>
        <translation>Redakcijos</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="14"/>
        <source>OK</source>
        <translation>Gerai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="15"/>
        <source>Save</source>
        <translation>Įrašyti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="16"/>
        <source>Save All</source>
        <translation>Įrašyti viską</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="17"/>
        <source>Open</source>
        <translation>Atverti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="18"/>
        <source>&amp;Yes</source>
        <translation>&amp;Taip</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="19"/>
        <source>Yes to &amp;All</source>
        <translation>Taip &amp;visiems</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="20"/>
        <source>&amp;No</source>
        <translation>&amp;Ne</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="21"/>
        <source>N&amp;o to All</source>
        <translation>N&amp;e visiems</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="22"/>
        <source>Abort</source>
        <translation>Nutraukti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="23"/>
        <source>Retry</source>
        <translation>Bandyti dar kartą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="24"/>
        <source>Ignore</source>
        <translation>Nepaisyti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="25"/>
        <source>Close</source>
        <translation>Užverti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="26"/>
        <source>Cancel</source>
        <translation>Atsisakyti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="27"/>
        <source>Discard</source>
        <translation>Atmesti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="28"/>
        <source>Help</source>
        <translation>Žinynas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="29"/>
        <source>Apply</source>
        <translation>Taikyti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="30"/>
        <source>Reset</source>
        <translation>Atkurti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="31"/>
        <source>Restore Defaults</source>
        <translation>Atkurti numatytąsias</translation>
    </message>
</context>
<context>
    <name>QProgressDialog</name>
    <message>
        <location filename="../../stratplan/ui/workers.py" line="80"/>
        <source>Cancel</source>
        <translation>Atšaukti</translation>
    </message>
</context>
<context>
    <name>RankingOrderModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="132"/>
        <source>Place</source>
        <translation>Vieta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="132"/>
        <source>Proposal</source>
        <translation>Pasiūlymas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="132"/>
        <source>Borda points</source>
        <translation>Borda taškai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="150"/>
        <source>{place} (tied)</source>
        <translation>{place} (lygiosios)</translation>
    </message>
</context>
<context>
    <name>ReleaseChoice</name>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="106"/>
        <source>Release:</source>
        <translation>Versija:</translation>
    </message>
</context>
<context>
    <name>ReleaseDialog</name>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="34"/>
        <source>Create release</source>
        <translation>Sukurti versiją</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="38"/>
        <source>e.g. Paris 2026, v1</source>
        <translation>pvz., Paryžius 2026, v1</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="39"/>
        <source>&amp;Name of this version:</source>
        <translation>Šios versijos &amp;pavadinimas:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="44"/>
        <source>(untitled)</source>
        <translation>(be pavadinimo)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="45"/>
        <source>What goes into the release</source>
        <translation>Kas įeina į versiją</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="43"/>
        <source>{title} — %n points</source>
        <translation>
            <numerusform>{title} — %n punktas</numerusform>
            <numerusform>{title} — %n punktai</numerusform>
            <numerusform>{title} — %n punktų</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="46"/>
        <source>The release freezes {points} in {sections} as they stand now. It cannot be changed afterwards.</source>
        <translation>Versija užfiksuoja dabartinę būseną: {points}, {sections}. Vėliau jos pakeisti nebus galima.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="48"/>
        <source>%n points</source>
        <translation>
            <numerusform>%n punktas</numerusform>
            <numerusform>%n punktai</numerusform>
            <numerusform>%n punktų</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="48"/>
        <source>%n sections</source>
        <translation>
            <numerusform>%n skyrius</numerusform>
            <numerusform>%n skyriai</numerusform>
            <numerusform>%n skyrių</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="60"/>
        <source>What goes in:</source>
        <translation>Kas įeina:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="77"/>
        <source>Place at least one point in a section before releasing the programme.</source>
        <translation>Prieš išleisdami programą, įtraukite bent vieną punktą į skyrių.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="79"/>
        <source>Give the release a name.</source>
        <translation>Suteikite versijai pavadinimą.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="81"/>
        <source>There is already a release named “{name}”. Choose another name.</source>
        <translation>Versija pavadinimu „{name}“ jau yra. Pasirinkite kitą pavadinimą.</translation>
    </message>
</context>
<context>
    <name>ReportForm</name>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="93"/>
        <source>Required when the point is dropped</source>
        <translation>Privaloma, jei punkto atsisakyta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="98"/>
        <source>This point has no indicators.</source>
        <translation>Šis punktas neturi rodiklių.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="100"/>
        <source>What happened in this period</source>
        <translation>Kas įvyko per šį laikotarpį</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="102"/>
        <source>One per line: a file name or a link</source>
        <translation>Po vieną eilutėje: failo pavadinimas arba nuoroda</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="103"/>
        <source>&amp;Save report</source>
        <translation>Iš&amp;saugoti ataskaitą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="105"/>
        <source>Revisions of this report</source>
        <translation>Šios ataskaitos versijos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="111"/>
        <source>S&amp;tatus:</source>
        <translation>&amp;Būsena:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="112"/>
        <source>Reason if dr&amp;opped:</source>
        <translation>Priežastis, jei atsisak&amp;yta:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="113"/>
        <source>Actual values:</source>
        <translation>Faktinės reikšmės:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="115"/>
        <source>&amp;Narrative:</source>
        <translation>Ap&amp;rašymas:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="116"/>
        <source>E&amp;vidence:</source>
        <translation>Įro&amp;dymai:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="117"/>
        <source>Revisions:</source>
        <translation>Versijos:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="149"/>
        <source>Indicator</source>
        <translation>Rodiklis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="61"/>
        <location filename="../../stratplan/ui/progress/report_form.py" line="149"/>
        <source>Actual value</source>
        <translation>Faktinė reikšmė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="48"/>
        <source>Target: {target} {unit}</source>
        <translation>Siektina reikšmė: {target} {unit}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="52"/>
        <source>YYYY-MM-DD</source>
        <translation>MMMM-MM-DD</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="54"/>
        <source>Means of verification</source>
        <translation>Patikrinimo šaltinis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="62"/>
        <location filename="../../stratplan/ui/progress/report_form.py" line="149"/>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="63"/>
        <location filename="../../stratplan/ui/progress/report_form.py" line="150"/>
        <source>Source</source>
        <translation>Šaltinis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="168"/>
        <source>Select a point of our plan to report on it.</source>
        <translation>Pasirinkite mūsų plano punktą, kad apie jį praneštumėte.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="173"/>
        <source>{number} {title} — {period}</source>
        <translation>{number} {title} — {period}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="192"/>
        <source>#{n}  {when}  {author}: {status}</source>
        <translation>#{n}  {when}  {author}: {status}</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="91"/>
        <source>Result per point</source>
        <translation>Kiekvieno punkto rezultatas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="97"/>
        <source>Order of the points</source>
        <translation>Punktų eilė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="102"/>
        <source>&lt;b&gt;Head-to-head contests&lt;/b&gt; (each row against each column)</source>
        <translation>&lt;b&gt;Poriniai palyginimai&lt;/b&gt; (kiekviena eilutė prieš kiekvieną stulpelį)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="103"/>
        <source>Head-to-head contests between the points</source>
        <translation>Poriniai punktų palyginimai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="106"/>
        <source>Each cell explains its pair when selected.</source>
        <translation>Pasirinktas langelis paaiškina savo porą.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="109"/>
        <source>▲ the row&apos;s point wins the contest against the column&apos;s, ▼ it loses, = a tie (the colour says the same). The number is how many organisations ranked the row&apos;s point above the column&apos;s; in brackets, the strength of the strongest path from row to column, which Schulze compares. Select a cell to read its pair in words.</source>
        <translation>▲ eilutės punktas laimi prieš stulpelio punktą, ▼ pralaimi, = lygiosios (spalva rodo tą patį). Skaičius – kiek organizacijų eilutės punktą reitingavo aukščiau už stulpelio punktą; skliaustuose – stipriausio kelio nuo eilutės iki stulpelio stiprumas, kurį lygina Schulze metodas. Pasirinkite langelį, kad perskaitytumėte jo porą žodžiais.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="114"/>
        <source>The selected pair in words</source>
        <translation>Pasirinkta pora žodžiais</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="116"/>
        <source>Grades per point</source>
        <translation>Kiekvieno punkto įvertinimai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="121"/>
        <source>Columns 0 to 5: how many organisations gave each grade. The majority grade is the median of all grades, a blank counting as 0; it decides the order.</source>
        <translation>Stulpeliai nuo 0 iki 5: kiek organizacijų skyrė kiekvieną įvertinimą. Daugumos įvertinimas – visų įvertinimų mediana, tuščią laikant 0; pagal jį nustatoma eilė.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="124"/>
        <source>How the order was reached</source>
        <translation>Kaip nustatyta eilė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="144"/>
        <source>A point against itself: nothing to compare.</source>
        <translation>Punktas prieš save patį: nėra ko lyginti.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="159"/>
        <source>&lt;b&gt;The results stay sealed until the round closes.&lt;/b&gt; Until then, only the turnout above is known.</source>
        <translation>&lt;b&gt;Rezultatai lieka užantspauduoti, kol turas uždaromas.&lt;/b&gt; Iki tol žinomas tik aukščiau nurodytas dalyvavimas.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="164"/>
        <source>&lt;b&gt;Provisional:&lt;/b&gt; the round is still open; these figures change as ballots arrive.</source>
        <translation>&lt;b&gt;Preliminarūs:&lt;/b&gt; turas dar vyksta; skaičiai keičiasi gaunant biuletenius.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="167"/>
        <source>&lt;b&gt;Final result:&lt;/b&gt; the round is closed.</source>
        <translation>&lt;b&gt;Galutinis rezultatas:&lt;/b&gt; turas uždarytas.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="179"/>
        <source>Order (majority judgment): {order}</source>
        <translation>Eilė (daugumos sprendimas): {order}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="192"/>
        <source>The quorum is not met: no point is adopted.</source>
        <translation>Kvorumo nėra: nepriimtas nė vienas punktas.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="195"/>
        <source>Support per point</source>
        <translation>Kiekvieno punkto pritarimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="198"/>
        <source>Bars: the support of each point. Dashed line: the threshold ({t}).</source>
        <translation>Stulpeliai – kiekvieno punkto pritarimas. Brūkšninė linija – slenkstis ({t}).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="212"/>
        <source>Select a cell to read what it says about its pair.</source>
        <translation>Pasirinkite langelį, kad perskaitytumėte, ką jis sako apie savo porą.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="213"/>
        <source>Order (Schulze): {order}</source>
        <translation>Eilė (Schulze): {order}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="214"/>
        <source>Borda, for comparison: {order}</source>
        <translation>Borda, palyginimui: {order}</translation>
    </message>
</context>
<context>
    <name>RetireDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/retire.py" line="18"/>
        <source>Retire plan point</source>
        <translation>Nurašyti plano punktą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/retire.py" line="28"/>
        <source>Reason</source>
        <translation>Priežastis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/retire.py" line="29"/>
        <source>Duplicate of</source>
        <translation>Dubliuoja</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/retire.py" line="30"/>
        <source>Details</source>
        <translation>Išsamiau</translation>
    </message>
</context>
<context>
    <name>ReviewedTab</name>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="34"/>
        <source>Review &amp;again</source>
        <translation>Peržiūrėti &amp;iš naujo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="35"/>
        <source>Take back “not a duplicate”: the pair can be suggested again.</source>
        <translation>Atšaukti „ne dublikatas“: pora vėl gali būti siūloma.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="36"/>
        <source>Remove the related &amp;link</source>
        <translation>Pašalinti &amp;ryšį</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="37"/>
        <source>No pair reviewed yet. Pairs dismissed as not duplicates and points linked as related are listed here, on every laptop of the coalition.</source>
        <translation>Dar neperžiūrėta nė viena pora. Poros, pažymėtos kaip ne dublikatai, ir susieti punktai rodomi čia, kiekviename koalicijos kompiuteryje.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="42"/>
        <source>Pairs already reviewed (never suggested again):</source>
        <translation>Jau peržiūrėtos poros (daugiau nesiūlomos):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="64"/>
        <source>Not a duplicate ({org})</source>
        <translation>Ne dublikatas ({org})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="66"/>
        <source>Related ({org})</source>
        <translation>Susiję ({org})</translation>
    </message>
</context>
<context>
    <name>RevisionListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="107"/>
        <source>#{n}  {when}  {author} ({org})</source>
        <translation>Nr. {n}  {when}  {author} ({org})</translation>
    </message>
</context>
<context>
    <name>RolesDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="46"/>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="52"/>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="113"/>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="116"/>
        <source>Roles</source>
        <translation>Vaidmenys</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="51"/>
        <source>Role</source>
        <translation>Vaidmuo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="51"/>
        <source>Organisation</source>
        <translation>Organizacija</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="51"/>
        <source>Working group</source>
        <translation>Darbo grupė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="59"/>
        <source>Make &amp;coordinator...</source>
        <translation>Skirti grupės &amp;vadove...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="60"/>
        <source>Make co&amp;nvener...</source>
        <translation>Skirti koalicijos &amp;koordinatore...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="61"/>
        <source>&amp;Revoke</source>
        <translation>&amp;Atimti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="94"/>
        <source>Convener</source>
        <translation>Koalicijos koordinatorė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="94"/>
        <source>Coordinator</source>
        <translation>Grupės vadovė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="99"/>
        <source>Only a convener grants and revokes roles; your organisation is not one.</source>
        <translation>Vaidmenis skiria ir atima tik koalicijos koordinatorė; jūsų organizacija ja nėra.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="113"/>
        <source>Organisation:</source>
        <translation>Organizacija:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="116"/>
        <source>Working group:</source>
        <translation>Darbo grupė:</translation>
    </message>
</context>
<context>
    <name>RollCallModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="167"/>
        <source>Organisation</source>
        <translation>Organizacija</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="167"/>
        <source>Vote</source>
        <translation>Balsavo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="167"/>
        <source>Through</source>
        <translation>Per</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="178"/>
        <source>in person</source>
        <translation>pati</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="180"/>
        <source>by delegation</source>
        <translation>per atstovę</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="182"/>
        <source>did not vote</source>
        <translation>nebalsavo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="183"/>
        <source>gave its vote to {org}, who did not vote</source>
        <translation>balsą perdavė {org}, kuri nebalsavo</translation>
    </message>
</context>
<context>
    <name>RosterDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="192"/>
        <source>Coalition and laptops</source>
        <translation>Koalicija ir kompiuteriai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="199"/>
        <source>Organisation / laptop</source>
        <translation>Organizacija / kompiuteris</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="199"/>
        <source>Code</source>
        <translation>Kodas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="199"/>
        <source>Key fingerprint</source>
        <translation>Rakto piršto atspaudas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="200"/>
        <source>State</source>
        <translation>Būsena</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="207"/>
        <source>&amp;Admit an organisation...</source>
        <translation>&amp;Priimti organizaciją...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="208"/>
        <source>&amp;Certify our other laptop...</source>
        <translation>&amp;Patvirtinti kitą mūsų kompiuterį...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="209"/>
        <source>&amp;Revoke the selected laptop...</source>
        <translation>&amp;Atšaukti pasirinktą kompiuterį...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="221"/>
        <source>This store is waiting for the reply to its join request.</source>
        <translation>Ši saugykla laukia atsakymo į prašymą prisijungti.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="222"/>
        <source>This coalition is not set up for sharing (the demo, or a store made before sharing existed).</source>
        <translation>Ši koalicija neparengta dalijimuisi (demonstracinė arba sukurta anksčiau, nei atsirado dalijimasis).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="227"/>
        <source>{name}: roster version {version}. Compare the fingerprints aloud with each organisation.</source>
        <translation>{name}: narių sąrašo versija {version}. Garsiai palyginkite piršto atspaudus su kiekviena organizacija.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="231"/>
        <source>convener</source>
        <translation>koordinatorius</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="236"/>
        <source>this laptop</source>
        <translation>šis kompiuteris</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="238"/>
        <source>revoked from change #{n}</source>
        <translation>atšauktas nuo pakeitimo Nr. {n}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="248"/>
        <source>Held changes: {n}.</source>
        <translation>Sulaikytų pakeitimų: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="251"/>
        <source>Last heard from: {peers}.</source>
        <translation>Paskutinį kartą gauta iš: {peers}.</translation>
    </message>
</context>
<context>
    <name>RoundListModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="101"/>
        <source>Round</source>
        <translation>Turas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="101"/>
        <source>Method</source>
        <translation>Metodas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="101"/>
        <source>Status</source>
        <translation>Būsena</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="101"/>
        <source>Ballots</source>
        <translation>Biuleteniai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="113"/>
        <source>Approval</source>
        <translation>Pritarimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="113"/>
        <source>Ranking</source>
        <translation>Reitingavimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="113"/>
        <source>Score</source>
        <translation>Vertinimas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="114"/>
        <source>Open</source>
        <translation>Vyksta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="114"/>
        <source>Closed</source>
        <translation>Uždarytas</translation>
    </message>
</context>
<context>
    <name>ScoreTableModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="282"/>
        <source>Proposal</source>
        <translation>Pasiūlymas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="282"/>
        <source>Blank</source>
        <translation>Tuščia</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="282"/>
        <source>Mean</source>
        <translation>Vidurkis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="283"/>
        <source>Median</source>
        <translation>Mediana</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="283"/>
        <source>Majority grade</source>
        <translation>Daugumos įvertinimas</translation>
    </message>
</context>
<context>
    <name>SendDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="95"/>
        <source>Send changes</source>
        <translation>Siųsti pakeitimus</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="97"/>
        <source>&amp;Everything this laptop holds (safe for anyone)</source>
        <translation>&amp;Viską, ką turi šis kompiuteris (tinka bet kam)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="102"/>
        <source>Only what {peer} has not seen yet</source>
        <translation>Tik tai, ko {peer} dar nematė</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="106"/>
        <source>Once you have received changes from someone, you can send them only what they lack.</source>
        <translation>Kai gausite kieno nors pakeitimus, galėsite jiems siųsti tik tai, ko jiems trūksta.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/settings_dialog.py" line="18"/>
        <source>Settings</source>
        <translation>Nustatymai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/settings_dialog.py" line="24"/>
        <source>&amp;Language</source>
        <translation>&amp;Kalba</translation>
    </message>
</context>
<context>
    <name>SharingActions</name>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="65"/>
        <source>&amp;Send changes...</source>
        <translation>&amp;Siųsti pakeitimus...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="66"/>
        <source>&amp;Receive changes...</source>
        <translation>&amp;Gauti pakeitimus...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="68"/>
        <source>Sync the shared &amp;folder now</source>
        <translation>Sinchronizuoti bendrą &amp;aplanką dabar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="70"/>
        <source>Sync with a PostgreSQL &amp;hub...</source>
        <translation>Sinchronizuoti su PostgreSQL &amp;centru...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="72"/>
        <source>&amp;Coalition and laptops...</source>
        <translation>&amp;Koalicija ir kompiuteriai...</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="120"/>
        <source>Wrote %n changes to {file}.</source>
        <translation>
            <numerusform>Į {file} įrašytas %n pakeitimas.</numerusform>
            <numerusform>Į {file} įrašyti %n pakeitimai.</numerusform>
            <numerusform>Į {file} įrašyta %n pakeitimų.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="125"/>
        <source>Send changes</source>
        <translation>Siųsti pakeitimus</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="126"/>
        <location filename="../../stratplan/ui/sharing_actions.py" line="134"/>
        <source>StratPlan bundles (*.stratplan *.bundle);;All files (*)</source>
        <translation>StratPlan paketai (*.stratplan *.bundle);;Visi failai (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="116"/>
        <source>Writing the bundle...</source>
        <translation>Rašomas paketas...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="69"/>
        <source>Ch&amp;oose the shared folder...</source>
        <translation>Pasi&amp;rinkti bendrą aplanką...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="133"/>
        <source>Receive changes</source>
        <translation>Gauti pakeitimus</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="140"/>
        <source>Checking and importing...</source>
        <translation>Tikrinama ir importuojama...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="154"/>
        <source>Choose the shared folder</source>
        <translation>Pasirinkite bendrą aplanką</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="181"/>
        <source>Syncing the shared folder...</source>
        <translation>Sinchronizuojamas bendras aplankas...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="196"/>
        <source>PostgreSQL hub</source>
        <translation>PostgreSQL centras</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="197"/>
        <source>Hub address (postgresql+psycopg://user:password@host/db):</source>
        <translation>Centro adresas (postgresql+psycopg://naudotojas:slaptažodis@serveris/db):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="205"/>
        <source>Syncing with the hub...</source>
        <translation>Sinchronizuojama su centru...</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="145"/>
        <source>Received %n new changes.</source>
        <translation>
            <numerusform>Gautas %n naujas pakeitimas.</numerusform>
            <numerusform>Gauti %n nauji pakeitimai.</numerusform>
            <numerusform>Gauta %n naujų pakeitimų.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="186"/>
        <source>Shared folder: {wrote}, {received}.</source>
        <translation>Bendras aplankas: {wrote}, {received}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="187"/>
        <source>wrote %n changes</source>
        <translation>
            <numerusform>įrašytas %n pakeitimas</numerusform>
            <numerusform>įrašyti %n pakeitimai</numerusform>
            <numerusform>įrašyta %n pakeitimų</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="188"/>
        <source>received %n new changes</source>
        <translation>
            <numerusform>gautas %n naujas pakeitimas</numerusform>
            <numerusform>gauti %n nauji pakeitimai</numerusform>
            <numerusform>gauta %n naujų pakeitimų</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="212"/>
        <source>Hub: {sent}, {received}.</source>
        <translation>Centras: {sent}, {received}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="213"/>
        <source>sent %n changes</source>
        <translation>
            <numerusform>išsiųstas %n pakeitimas</numerusform>
            <numerusform>išsiųsti %n pakeitimai</numerusform>
            <numerusform>išsiųsta %n pakeitimų</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="214"/>
        <source>received %n changes</source>
        <translation>
            <numerusform>gautas %n pakeitimas</numerusform>
            <numerusform>gauti %n pakeitimai</numerusform>
            <numerusform>gauta %n pakeitimų</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="250"/>
        <source>Join requests (*.request *.json);;All files (*)</source>
        <translation>Prašymai prisijungti (*.request *.json);;Visi failai (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="261"/>
        <source>Compare the fingerprint</source>
        <translation>Palyginkite piršto atspaudą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="265"/>
        <location filename="../../stratplan/ui/sharing_actions.py" line="268"/>
        <source>Admit an organisation</source>
        <translation>Priimti organizaciją</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="269"/>
        <source>This request is from a second laptop: its own organisation certifies it.</source>
        <translation>Šis prašymas – iš antro kompiuterio: jį patvirtina jo paties organizacija.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="273"/>
        <source>Admit {name} ({code}, {country})?

Ask them to read their key&apos;s fingerprint aloud; it must be:
{fp}</source>
        <translation>Priimti {name} ({code}, {country})?

Paprašykite garsiai perskaityti jų rakto piršto atspaudą; jis turi būti:
{fp}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="286"/>
        <source>Certify our other laptop</source>
        <translation>Patvirtinti kitą mūsų kompiuterį</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="290"/>
        <source>Certify the laptop &apos;{label}&apos; for your organisation?

Its fingerprint must be:
{fp}</source>
        <translation>Patvirtinti kompiuterį „{label}“ jūsų organizacijai?

Jo piršto atspaudas turi būti:
{fp}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="302"/>
        <location filename="../../stratplan/ui/sharing_actions.py" line="305"/>
        <source>Revoke a laptop</source>
        <translation>Atšaukti kompiuterį</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="302"/>
        <source>Select a laptop first.</source>
        <translation>Pirmiausia pasirinkite kompiuterį.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="306"/>
        <source>Revoke laptop {id}? Changes it makes from now on will be ignored by every laptop; what it made before stays.</source>
        <translation>Atšaukti kompiuterį {id}? Jo nuo šiol daromų pakeitimų nepaisys visi kompiuteriai; tai, ką jis padarė anksčiau, išliks.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="117"/>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="119"/>
        <source>Keyboard shortcuts</source>
        <translation>Spartieji klavišai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="120"/>
        <source>Where</source>
        <translation>Kur</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="120"/>
        <source>What</source>
        <translation>Ką</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="120"/>
        <source>Keys</source>
        <translation>Klavišai</translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="128"/>
        <source>{source}: {new}, {known}.</source>
        <translation>{source}: {new}, {known}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="129"/>
        <source>%n new changes</source>
        <translation>
            <numerusform>%n naujas pakeitimas</numerusform>
            <numerusform>%n nauji pakeitimai</numerusform>
            <numerusform>%n naujų pakeitimų</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="130"/>
        <source>%n already here</source>
        <translation>
            <numerusform>%n jau buvo</numerusform>
            <numerusform>%n jau buvo</numerusform>
            <numerusform>%n jau buvo</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="132"/>
        <source>This laptop has joined the coalition.</source>
        <translation>Šis kompiuteris prisijungė prie koalicijos.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="134"/>
        <source>%n new proposals</source>
        <translation>
            <numerusform>%n naujas pasiūlymas</numerusform>
            <numerusform>%n nauji pasiūlymai</numerusform>
            <numerusform>%n naujų pasiūlymų</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="135"/>
        <source>%n revisions</source>
        <translation>
            <numerusform>%n redakcija</numerusform>
            <numerusform>%n redakcijos</numerusform>
            <numerusform>%n redakcijų</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="136"/>
        <source>%n ballots</source>
        <translation>
            <numerusform>%n biuletenis</numerusform>
            <numerusform>%n biuleteniai</numerusform>
            <numerusform>%n biuletenių</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="137"/>
        <source>%n comments</source>
        <translation>
            <numerusform>%n komentaras</numerusform>
            <numerusform>%n komentarai</numerusform>
            <numerusform>%n komentarų</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="138"/>
        <source>%n with conflicts</source>
        <translation>
            <numerusform>%n su konfliktais</numerusform>
            <numerusform>%n su konfliktais</numerusform>
            <numerusform>%n su konfliktais</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="139"/>
        <source>  {org}: {counts}</source>
        <translation>  {org}: {counts}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="141"/>
        <source>  %n changes wait until their organisation is admitted.</source>
        <translation>
            <numerusform>  %n pakeitimas laukia, kol jo organizacija bus priimta.</numerusform>
            <numerusform>  %n pakeitimai laukia, kol jų organizacija bus priimta.</numerusform>
            <numerusform>  %n pakeitimų laukia, kol jų organizacija bus priimta.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="144"/>
        <source>  %n changes wait for earlier changes not received yet.</source>
        <translation>
            <numerusform>  %n pakeitimas laukia dar negautų ankstesnių pakeitimų.</numerusform>
            <numerusform>  %n pakeitimai laukia dar negautų ankstesnių pakeitimų.</numerusform>
            <numerusform>  %n pakeitimų laukia dar negautų ankstesnių pakeitimų.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="147"/>
        <source>  %n changes from revoked laptops are ignored.</source>
        <translation>
            <numerusform>  %n pakeitimo iš atšauktų kompiuterių nepaisoma.</numerusform>
            <numerusform>  %n pakeitimų iš atšauktų kompiuterių nepaisoma.</numerusform>
            <numerusform>  %n pakeitimų iš atšauktų kompiuterių nepaisoma.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="170"/>
        <source>Changes received</source>
        <translation>Gauti pakeitimai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="174"/>
        <source>Shared folder: {folder}</source>
        <translation>Bendras aplankas: {folder}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="175"/>
        <source>Wrote %n changes.</source>
        <translation>
            <numerusform>Įrašytas %n pakeitimas.</numerusform>
            <numerusform>Įrašyti %n pakeitimai.</numerusform>
            <numerusform>Įrašyta %n pakeitimų.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="178"/>
        <source>{file}: still being copied; tried again next time.</source>
        <translation>{file}: dar kopijuojamas; bus bandoma kitą kartą.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="181"/>
        <source>{file}: refused: {reason}</source>
        <translation>{file}: atmestas: {reason}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="183"/>
        <source>Shared folder</source>
        <translation>Bendras aplankas</translation>
    </message>
</context>
<context>
    <name>ToolWindow</name>
    <message>
        <location filename="../../stratplan/ui/widgets/window_keys.py" line="12"/>
        <source>Close window</source>
        <translation>Uždaryti langą</translation>
    </message>
</context>
<context>
    <name>VotingTexts</name>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="22"/>
        <source>{part} of {whole}</source>
        <translation>{part} iš {whole}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="31"/>
        <source>Turnout: {cast} of {total} organisations have voted, weight {share}.</source>
        <translation>Dalyvavimas: balsavo {cast} iš {total} organizacijų, svoris {share}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="36"/>
        <source>Turnout: {cast} of {total} organisations have voted ({pct}).</source>
        <translation>Dalyvavimas: balsavo {cast} iš {total} organizacijų ({pct}).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="40"/>
        <source>Quorum {quorum} ({needed} needed): met.</source>
        <translation>Kvorumas {quorum} (reikia {needed}): yra.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="41"/>
        <source>Quorum {quorum} ({needed} needed): not met.</source>
        <translation>Kvorumas {quorum} (reikia {needed}): nėra.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="49"/>
        <source>of those who expressed a view (yes or no)</source>
        <translation>iš pareiškusių nuomonę (taip arba ne)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="51"/>
        <source>of the whole electorate</source>
        <translation>iš visų balsuojančiųjų</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="52"/>
        <source>Approval: a point is adopted with the support of at least {threshold} {basis}; quorum {quorum} of the electorate.</source>
        <translation>Pritarimas: punktas priimamas, kai jam pritaria ne mažiau kaip {threshold} {basis}; kvorumas – {quorum} balsuojančiųjų.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="57"/>
        <source>Ranking: the order is counted by Schulze (Borda beside it for comparison); quorum {quorum} of the electorate.</source>
        <translation>Reitingavimas: eilė skaičiuojama Schulze metodu (palyginimui šalia – Borda); kvorumas – {quorum} balsuojančiųjų.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="60"/>
        <source>Score from 0 to 5: the order is the majority grade (majority judgment); quorum {quorum} of the electorate.</source>
        <translation>Vertinimas nuo 0 iki 5: eilę lemia daugumos įvertinimas (daugumos sprendimas); kvorumas – {quorum} balsuojančiųjų.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="69"/>
        <source>{x} against {y}: {a} ranked {x} above {y}; {b} ranked {y} above {x}.</source>
        <translation>{x} prieš {y}: {a} reitingavo {x} aukščiau už {y}; {b} reitingavo {y} aukščiau už {x}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="76"/>
        <source>Strongest path from {a} to {b}: {path}, strength {s}.</source>
        <translation>Stipriausias kelias nuo {a} iki {b}: {path}, stiprumas {s}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="80"/>
        <source>No path leads from {a} to {b} (strength 0).</source>
        <translation>Nuo {a} iki {b} kelio nėra (stiprumas 0).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="83"/>
        <source>So {x} is placed above {y}.</source>
        <translation>Todėl {x} atsiduria aukščiau už {y}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="84"/>
        <source>So {y} is placed above {x}.</source>
        <translation>Todėl {y} atsiduria aukščiau už {x}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="85"/>
        <source>The paths are equally strong: {x} and {y} are tied.</source>
        <translation>Keliai vienodai stiprūs: {x} ir {y} – lygiosios.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="95"/>
        <source>{a} and {b} are tied: their strongest paths are equal ({s} each way).</source>
        <translation>{a} ir {b} – lygiosios: jų stipriausi keliai vienodi ({s} į abi puses).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="98"/>
        <source>Why {a} is above {b}: strongest path {path} of strength {s}, against {r} the other way.</source>
        <translation>Kodėl {a} aukščiau už {b}: stipriausias kelias {path}, stiprumas {s}, o priešinga kryptimi – {r}.</translation>
    </message>
</context>
<context>
    <name>VotingWindow</name>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="93"/>
        <source>Voting rounds — StratPlan</source>
        <translation>Balsavimo turai — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="117"/>
        <source>Voting rounds</source>
        <translation>Balsavimo turai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="133"/>
        <source>&amp;New round...</source>
        <translation>&amp;Naujas turas...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="134"/>
        <source>C&amp;lose round</source>
        <translation>&amp;Uždaryti turą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="135"/>
        <source>&amp;Import ballots...</source>
        <translation>&amp;Importuoti biuletenius...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="136"/>
        <source>E&amp;xport ballots...</source>
        <translation>&amp;Eksportuoti biuletenius...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="137"/>
        <source>Export re&amp;sults...</source>
        <translation>Eksportuoti re&amp;zultatus...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="154"/>
        <source>&amp;Cast our ballot</source>
        <translation>Ba&amp;lsuoti</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="158"/>
        <source>&amp;Give our vote...</source>
        <translation>&amp;Perduoti mūsų balsą...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="159"/>
        <source>&amp;Withdraw our vote</source>
        <translation>&amp;Atsiimti mūsų balsą</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="176"/>
        <source>Results of the round</source>
        <translation>Turo rezultatai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="179"/>
        <source>Ballots received</source>
        <translation>Gauti biuleteniai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="183"/>
        <source>Our ballot, results and ballots received</source>
        <translation>Mūsų biuletenis, rezultatai ir gauti biuleteniai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="184"/>
        <source>Our &amp;ballot</source>
        <translation>Mūsų &amp;biuletenis</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="185"/>
        <source>&amp;Results</source>
        <translation>&amp;Rezultatai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="189"/>
        <source>Roll call</source>
        <translation>Vardinis sąrašas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="192"/>
        <source>R&amp;oll call</source>
        <translation>&amp;Vardinis sąrašas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="232"/>
        <source>Not counted: “{title}” — {why}</source>
        <translation>Neįskaitomas: „{title}“ — {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="315"/>
        <source>No voting round yet. Open one with “New round”.</source>
        <translation>Balsavimo turų dar nėra. Pradėkite naudodami „Naujas turas“.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="352"/>
        <source>Our vote is given to {org}: its ballot counts for us, unless we cast our own.</source>
        <translation>Mūsų balsas perduotas {org}: jos biuletenis įskaitomas ir už mus, nebent balsuosime patys.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="355"/>
        <source>Our vote is given to {org}, but our own ballot stands.</source>
        <translation>Mūsų balsas perduotas {org}, bet galioja mūsų pačių biuletenis.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="357"/>
        <source>Our vote given to {org} does not count: {why}.</source>
        <translation>Mūsų balsas, perduotas {org}, neįskaitomas: {why}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="366"/>
        <source>open, closes {date}</source>
        <translation>vyksta, baigiasi {date}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="367"/>
        <source>open</source>
        <translation>vyksta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="369"/>
        <source>closed</source>
        <translation>uždarytas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="398"/>
        <source>Our vote is given to {org}.</source>
        <translation>Mūsų balsas perduotas {org}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="406"/>
        <source>Our vote is ours again.</source>
        <translation>Mūsų balsas vėl mūsų.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="461"/>
        <source>Ballots recorded from {file}: {n}.</source>
        <translation>Iš {file} įrašyta biuletenių: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="186"/>
        <source>Ballots recei&amp;ved</source>
        <translation>&amp;Gauti biuleteniai</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="382"/>
        <source>Your organisation&apos;s ballot was recorded.</source>
        <translation>Jūsų organizacijos biuletenis užregistruotas.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="434"/>
        <source>The round is closed; its results are final.</source>
        <translation>Turas uždarytas; jo rezultatai galutiniai.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="439"/>
        <source>Import ballots</source>
        <translation>Importuoti biuletenius</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="439"/>
        <location filename="../../stratplan/ui/voting/window.py" line="467"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV failai (*.csv)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="452"/>
        <source>Cannot read {path}: {why}</source>
        <translation>Nepavyksta perskaityti {path}: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="467"/>
        <source>Export ballots</source>
        <translation>Eksportuoti biuletenius</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="488"/>
        <location filename="../../stratplan/ui/voting/window.py" line="520"/>
        <source>Cannot write {path}: {why}</source>
        <translation>Nepavyksta įrašyti {path}: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="491"/>
        <source>Blank ballot sheet written to {path} (the ballots cast stay sealed until the round closes).</source>
        <translation>Tuščias biuletenių lapas įrašytas į {path} (pateikti biuleteniai lieka užantspauduoti, kol turas uždaromas).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="492"/>
        <source>Ballots written to {path}.</source>
        <translation>Biuleteniai įrašyti į {path}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="498"/>
        <source>Export results</source>
        <translation>Eksportuoti rezultatus</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="499"/>
        <source>Word document (*.docx);;CSV files (*.csv)</source>
        <translation>Word dokumentas (*.docx);;CSV failai (*.csv)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="523"/>
        <source>Results written to {path}.</source>
        <translation>Rezultatai įrašyti į {path}.</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="13"/>
        <source>Welcome to StratPlan</source>
        <translation>Sveiki atvykę į StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="17"/>
        <source>This store is empty. You can explore StratPlan with a fictional demo coalition (33 organisations from 26 countries), start your own coalition, join one, or open another store.</source>
        <translation>Ši saugykla tuščia. Galite išbandyti StratPlan su išgalvota demonstracine koalicija (33 organizacijos iš 26 šalių), sukurti savo koaliciją, prisijungti prie esamos arba atidaryti kitą saugyklą.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="22"/>
        <source>Load the &amp;demo coalition</source>
        <translation>Įkelti &amp;demonstracinę koaliciją</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="23"/>
        <source>Start a &amp;new coalition...</source>
        <translation>Kurti &amp;naują koaliciją...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="24"/>
        <source>&amp;Join a coalition...</source>
        <translation>&amp;Prisijungti prie koalicijos...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="25"/>
        <source>&amp;Open another store...</source>
        <translation>&amp;Atidaryti kitą saugyklą...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="28"/>
        <source>&amp;Receive the reply to your join request...</source>
        <translation>&amp;Gauti atsakymą į prašymą prisijungti...</translation>
    </message>
</context>
<context>
    <name>_Job</name>
    <message>
        <location filename="../../stratplan/ui/workers.py" line="38"/>
        <source>Cancelled; nothing was changed.</source>
        <translation>Atšaukta; niekas nepakeista.</translation>
    </message>
</context>
</TS>
