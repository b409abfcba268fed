<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>About</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/about.py" line="32"/>
        <source>About StratPlan</source>
        <translation>Acerca de StratPlan</translation>
    </message>
</context>
<context>
    <name>AmendmentDialog</name>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="39"/>
        <source>Propose an amendment</source>
        <translation>Proponer una enmienda</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="39"/>
        <source>Accept with changes</source>
        <translation>Aceptar con cambios</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="40"/>
        <source>Reject the amendment</source>
        <translation>Rechazar la enmienda</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="40"/>
        <source>Combine the competing amendments</source>
        <translation>Fusionar las enmiendas en competencia</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="43"/>
        <source>Replace these lines</source>
        <translation>Sustituir estas líneas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="43"/>
        <source>Insert after them</source>
        <translation>Insertar después</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="44"/>
        <source>Delete these lines</source>
        <translation>Suprimir estas líneas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="51"/>
        <source>The passage as it stands</source>
        <translation>El pasaje tal como está</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="54"/>
        <source>The new text</source>
        <translation>El nuevo texto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="57"/>
        <source>The reason</source>
        <translation>El motivo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="61"/>
        <source>&amp;Change:</source>
        <translation>&amp;Cambio:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="64"/>
        <source>Lines:</source>
        <translation>Líneas:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="65"/>
        <source>Passage:</source>
        <translation>Pasaje:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="66"/>
        <source>&amp;New text:</source>
        <translation>&amp;Nuevo texto:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="69"/>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="69"/>
        <source>&amp;Reason (optional):</source>
        <translation>&amp;Motivo (opcional):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="75"/>
        <source>&amp;Propose</source>
        <translation>&amp;Proponer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="75"/>
        <source>&amp;Accept</source>
        <translation>&amp;Aceptar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="75"/>
        <source>Re&amp;ject</source>
        <translation>Recha&amp;zar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/dialogs.py" line="76"/>
        <source>Com&amp;bine</source>
        <translation>&amp;Fusionar</translation>
    </message>
</context>
<context>
    <name>AmendmentsPanel</name>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="52"/>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="52"/>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="53"/>
        <source>The text with line numbers</source>
        <translation>El texto con números de línea</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="56"/>
        <source>P&amp;ropose an amendment to the selected lines...</source>
        <translation>Pr&amp;oponer una enmienda a las líneas elegidas...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="57"/>
        <source>Lines</source>
        <translation>Líneas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="57"/>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="57"/>
        <source>By</source>
        <translation>De</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="57"/>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="58"/>
        <source>Amendments to this proposal</source>
        <translation>Enmiendas a esta propuesta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="60"/>
        <source>The selected amendment, inline</source>
        <translation>La enmienda elegida, en el texto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="62"/>
        <source>&amp;Accept</source>
        <translation>Acep&amp;tar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="63"/>
        <source>Accept &amp;with changes...</source>
        <translation>Aceptar con cam&amp;bios...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="64"/>
        <source>Re&amp;ject...</source>
        <translation>Rechaza&amp;r...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="65"/>
        <source>Choose th&amp;is one</source>
        <translation>E&amp;scoger esta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="66"/>
        <source>Com&amp;bine...</source>
        <translation>&amp;Fusionar en un texto...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="75"/>
        <source>Te&amp;xt, numbered (select lines to amend them):</source>
        <translation>Te&amp;xto numerado (seleccione líneas para enmendarlas):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="83"/>
        <source>List of amendments:</source>
        <translation>Lista de enmiendas:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="177"/>
        <source>open</source>
        <translation>abierta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="177"/>
        <location filename="../../stratplan/ui/amendments/panel.py" line="268"/>
        <source>accepted</source>
        <translation>aceptada</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="177"/>
        <location filename="../../stratplan/ui/amendments/panel.py" line="269"/>
        <source>rejected</source>
        <translation>rechazada</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="178"/>
        <source>set aside</source>
        <translation>descartada</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="178"/>
        <source>merged</source>
        <translation>incorporada</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="178"/>
        <source>outdated</source>
        <translation>desfasada</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="179"/>
        <source>invalid</source>
        <translation>no válida</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="182"/>
        <source>replace</source>
        <translation>sustituir</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="182"/>
        <source>insert</source>
        <translation>insertar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="183"/>
        <source>delete</source>
        <translation>suprimir</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="188"/>
        <source>after {line}</source>
        <translation>tras {line}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="195"/>
        <source>after line {line}</source>
        <translation>tras la línea {line}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="197"/>
        <source>line {line}</source>
        <translation>la línea {line}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="198"/>
        <source>lines {first}–{last}</source>
        <translation>las líneas {first} a {last}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="208"/>
        <source>{state}, competing</source>
        <translation>{state}, en competencia</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="223"/>
        <source>No amendment yet: select lines of the text and propose one.</source>
        <translation>Todavía no hay enmiendas: seleccione líneas del texto y proponga una.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="227"/>
        <source>Reason:</source>
        <translation>Motivo:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="228"/>
        <source>Replace {where}, by {org} ({author})</source>
        <translation>Sustituir {where}, de {org} ({author})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="229"/>
        <source>Insert {where}, by {org} ({author})</source>
        <translation>Insertar {where}, de {org} ({author})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="230"/>
        <source>Delete {where}, by {org} ({author})</source>
        <translation>Suprimir {where}, de {org} ({author})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="237"/>
        <source>{org} ({author}): {decision}</source>
        <translation>{org} ({author}): {decision}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="242"/>
        <source>(does not count: only the proposal&apos;s organisations or its working group&apos;s coordinator may decide)</source>
        <translation>(no cuenta: solo pueden decidir las organizaciones de la propuesta o la responsable de su grupo de trabajo)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="247"/>
        <source>Other amendments change the same lines ({ids}): once this one is accepted and merged, they no longer fit the text and are shown as outdated.</source>
        <translation>Otras enmiendas cambian las mismas líneas ({ids}): cuando esta se acepte e incorpore, ya no encajarán en el texto y aparecerán como desfasadas.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="252"/>
        <source>Outdated: the passage it changes has changed since it was proposed. Propose it again on the current text if it still applies.</source>
        <translation>Desfasada: el pasaje que cambia ha cambiado desde que se propuso. Vuelva a proponerla sobre el texto actual si todavía procede.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="257"/>
        <source>{count} accepted amendments change lines {lines}: choose one, or combine them.</source>
        <translation>{count} enmiendas aceptadas cambian las líneas {lines}: elija una o fusiónelas.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="268"/>
        <source>accepted with changes</source>
        <translation>aceptada con cambios</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="269"/>
        <source>set aside for another</source>
        <translation>descartada en favor de otra</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="281"/>
        <source>Only the proposal&apos;s organisations or its working group&apos;s coordinator may decide on its amendments.</source>
        <translation>Solo las organizaciones de la propuesta o la responsable de su grupo de trabajo pueden decidir sobre sus enmiendas.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="318"/>
        <source>Amendment proposed: {where}.</source>
        <translation>Enmienda propuesta: {where}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/amendments/panel.py" line="350"/>
        <source>Decision recorded.</source>
        <translation>Decisión registrada.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/amendments/panel.py" line="352"/>
        <source>%n amendments merged into a new revision of the text.</source>
        <translation>
            <numerusform>%n enmienda incorporada a una nueva revisión del texto.</numerusform>
            <numerusform>%n enmiendas incorporadas a una nueva revisión del texto.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/amendments/panel.py" line="354"/>
        <source>%n passages have competing amendments: choose one or combine them.</source>
        <translation>
            <numerusform>%n pasaje tiene enmiendas en competencia: elija una o fusiónelas.</numerusform>
            <numerusform>%n pasajes tienen enmiendas en competencia: elija una o fusiónelas.</numerusform>
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
        <translation>Frase de contraseña de la clave de este ordenador:</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="44"/>
        <source>No passphrase was given.</source>
        <translation>No se ha introducido ninguna frase de contraseña.</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="107"/>
        <source>Open store</source>
        <translation>Abrir una base de datos</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="128"/>
        <source>Save the join request</source>
        <translation>Guardar la solicitud de adhesión</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="129"/>
        <source>Join requests (*.request)</source>
        <translation>Solicitudes de adhesión (*.request)</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="138"/>
        <source>Join a coalition</source>
        <translation>Unirse a una coalición</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="139"/>
        <source>Saved {file}. Send it to the convener and read them your organisation&apos;s key fingerprint aloud: {fp}

When their reply arrives, start StratPlan again and choose &apos;Receive the reply&apos;.</source>
        <translation>Se ha guardado {file}. Envíelo a la organización coordinadora y léale en voz alta la huella de la clave de su organización: {fp}

Cuando llegue su respuesta, vuelva a abrir StratPlan y elija «Recibir la respuesta».</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="150"/>
        <source>Receive the reply</source>
        <translation>Recibir la respuesta</translation>
    </message>
    <message>
        <location filename="../../stratplan/app.py" line="151"/>
        <source>StratPlan bundles (*.stratplan *.bundle);;All files (*)</source>
        <translation>Paquetes de StratPlan (*.stratplan *.bundle);;Todos los archivos (*)</translation>
    </message>
</context>
<context>
    <name>ApprovalResultModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>Proposal</source>
        <translation>Propuesta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>Support</source>
        <translation>Apoyo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="53"/>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="54"/>
        <source>Abstain</source>
        <translation>Abstención</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="60"/>
        <source>✓ Adopted</source>
        <translation>✓ Adoptado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="60"/>
        <source>✗ Not adopted</source>
        <translation>✗ No adoptado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="68"/>
        <source>Not adopted: the quorum is not met, so no point is adopted.</source>
        <translation>No adoptado: no se alcanza el quórum, así que no se adopta ningún punto.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="70"/>
        <source>Support {pct} reaches the threshold {threshold}.</source>
        <translation>El apoyo del {pct} alcanza el umbral de {threshold}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="71"/>
        <source>Support {pct} is below the threshold {threshold}.</source>
        <translation>El apoyo del {pct} queda por debajo del umbral de {threshold}.</translation>
    </message>
</context>
<context>
    <name>BallotForm</name>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="34"/>
        <source>Your ballot: one choice per point</source>
        <translation>Su papeleta: una opción por punto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="44"/>
        <source>Abstain</source>
        <translation>Abstención</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="44"/>
        <source>Yes, it fits our organisation</source>
        <translation>Sí, encaja con nuestra organización</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="45"/>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="48"/>
        <source>Blank</source>
        <translation>En blanco</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="50"/>
        <source>Not ranked</source>
        <translation>Sin clasificar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="55"/>
        <source>For each point: does it fit your organisation?</source>
        <translation>Para cada punto: ¿encaja con su organización?</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="56"/>
        <source>Give each point a place: 1 is your first choice; equal places are ties; points left unranked share the last place.</source>
        <translation>Dé un puesto a cada punto: 1 es su primera opción; los puestos iguales son empates; los puntos sin clasificar comparten el último puesto.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="58"/>
        <source>Grade each point from 0 (poor) to 5 (excellent), or leave it blank.</source>
        <translation>Califique cada punto de 0 (deficiente) a 5 (excelente), o déjelo en blanco.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="60"/>
        <source>The round is closed: this is the ballot your organisation cast, if any.</source>
        <translation>La ronda está cerrada: esta es la papeleta que emitió su organización, si la emitió.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="62"/>
        <source>Proposal</source>
        <translation>Propuesta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="62"/>
        <source>Your choice</source>
        <translation>Su elección</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/ballot_form.py" line="70"/>
        <source>Your choice for P{n} {title}</source>
        <translation>Su elección para P{n} {title}</translation>
    </message>
</context>
<context>
    <name>BallotImportDialog</name>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="60"/>
        <source>Import ballots: preview</source>
        <translation>Importar papeletas: vista previa</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="61"/>
        <source>&lt;b&gt;{file}&lt;/b&gt;: ballots for the round “{title}”</source>
        <translation>&lt;b&gt;{file}&lt;/b&gt;: papeletas de la ronda «{title}»</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="68"/>
        <source>Rows of the ballot sheet and what importing each does</source>
        <translation>Filas de la hoja de papeletas y lo que hará la importación de cada una</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="69"/>
        <source>Line</source>
        <translation>Fila</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="69"/>
        <source>Organisation</source>
        <translation>Organización</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="69"/>
        <source>What happens</source>
        <translation>Qué ocurre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="70"/>
        <source>Ballot</source>
        <translation>Papeleta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="88"/>
        <source>Nothing is written until you press Record. Refused and empty rows are left out: correct the sheet and import it again to add them. The ballots are entered on each organisation&apos;s behalf and signed by this laptop.</source>
        <translation>No se escribe nada hasta que pulse «Registrar». Las filas rechazadas y las vacías se omiten: corrija la hoja e impórtela de nuevo para añadirlas. Las papeletas se introducen en nombre de cada organización y las firma este ordenador.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="95"/>
        <source>&amp;Record the ballots ({n})</source>
        <translation>&amp;Registrar las papeletas ({n})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="98"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="113"/>
        <source>New ballots to record: {n}.</source>
        <translation>Papeletas nuevas que se registrarán: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="114"/>
        <source>Ballots that replace one recorded earlier: {n}.</source>
        <translation>Papeletas que sustituyen a una registrada antes: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="115"/>
        <source>Rows that repeat a ballot already recorded (nothing changes): {n}.</source>
        <translation>Filas que repiten una papeleta ya registrada (nada cambia): {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="116"/>
        <source>Rows left empty (no ballot): {n}.</source>
        <translation>Filas vacías (sin papeleta): {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="117"/>
        <source>Rows refused: {n}.</source>
        <translation>Filas rechazadas: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="126"/>
        <source>✓ Will be recorded</source>
        <translation>✓ Se registrará</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="128"/>
        <source>↻ Replaces the ballot recorded earlier</source>
        <translation>↻ Sustituye a la papeleta registrada antes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="130"/>
        <source>= Same as the ballot already recorded</source>
        <translation>= Igual que la papeleta ya registrada</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="132"/>
        <source>— Left empty: no ballot</source>
        <translation>— Vacía: sin papeleta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="134"/>
        <source>✗ Refused: {reason}</source>
        <translation>✗ Rechazada: {reason}</translation>
    </message>
</context>
<context>
    <name>BallotTableModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="133"/>
        <source>Organisation</source>
        <translation>Organización</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="133"/>
        <source>Entered by</source>
        <translation>Introducida por</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="133"/>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="146"/>
        <source>refused: {why}</source>
        <translation>rechazada: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="148"/>
        <source>late (after the close), not counted</source>
        <translation>fuera de plazo (tras el cierre), no computada</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="150"/>
        <source>counted</source>
        <translation>computada</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="152"/>
        <source>current ballot</source>
        <translation>papeleta vigente</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="154"/>
        <source>replaced by a later ballot</source>
        <translation>sustituida por una papeleta posterior</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="156"/>
        <source>two laptops of this organisation voted differently</source>
        <translation>dos ordenadores de esta organización votaron de forma distinta</translation>
    </message>
</context>
<context>
    <name>BallotText</name>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="37"/>
        <source>nothing ranked</source>
        <translation>nada clasificado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="39"/>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="40"/>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="41"/>
        <source>abstain</source>
        <translation>abstención</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/import_preview.py" line="42"/>
        <source>blank</source>
        <translation>en blanco</translation>
    </message>
</context>
<context>
    <name>ByPointPage</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>No.</source>
        <translation>N.º</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>Point</source>
        <translation>Punto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>Adopted</source>
        <translation>Adoptado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>Adapted</source>
        <translation>Adaptado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="76"/>
        <source>Set aside</source>
        <translation>Descartado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="78"/>
        <source>Programme points and their progress</source>
        <translation>Puntos del programa y su avance</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="80"/>
        <source>Indicator</source>
        <translation>Indicador</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="80"/>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="80"/>
        <source>Members reporting</source>
        <translation>Miembros que informan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="80"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="81"/>
        <source>Mean</source>
        <translation>Media</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="81"/>
        <source>Values</source>
        <translation>Valores</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="82"/>
        <source>Indicators of the selected point</source>
        <translation>Indicadores del punto seleccionado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="97"/>
        <source>Programme po&amp;ints (status counts for the period):</source>
        <translation>Puntos del p&amp;rograma (recuento de estados del periodo):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="102"/>
        <source>Indicators of the selected point, this period:</source>
        <translation>Indicadores del punto seleccionado, en este periodo:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="142"/>
        <source>units differ</source>
        <translation>unidades distintas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="147"/>
        <source>By country: {countries}</source>
        <translation>Por país: {countries}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="149"/>
        <source>No reports on this point this period.</source>
        <translation>No hay informes sobre este punto en este periodo.</translation>
    </message>
</context>
<context>
    <name>ChartPage</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="248"/>
        <source>Chart: reports by status, per period</source>
        <translation>Gráfico: informes por estado, por periodo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="251"/>
        <source>Chart: reports by status, per point</source>
        <translation>Gráfico: informes por estado, por punto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="295"/>
        <source>Reports by status, per period</source>
        <translation>Informes por estado, por periodo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="295"/>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="298"/>
        <source>reports</source>
        <translation>informes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="297"/>
        <source>Reports by status, per point: {period}</source>
        <translation>Informes por estado, por punto: {period}</translation>
    </message>
</context>
<context>
    <name>CloseRoundDialog</name>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="29"/>
        <source>Close the round</source>
        <translation>Cerrar la ronda</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="30"/>
        <source>&lt;b&gt;Close “{title}”?&lt;/b&gt;</source>
        <translation>&lt;b&gt;¿Cerrar «{title}»?&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="36"/>
        <source>Organisations that voted</source>
        <translation>Organizaciones que han votado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="38"/>
        <source>Organisations that did not vote</source>
        <translation>Organizaciones que no han votado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="39"/>
        <source>&amp;Voted ({n}):</source>
        <translation>Han &amp;votado ({n}):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="41"/>
        <source>&amp;Did not vote ({n}):</source>
        <translation>&amp;No han votado ({n}):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="49"/>
        <source>Closing is final: no ballot can be cast or changed afterwards, and the result is counted from the ballots of the organisations listed as having voted.</source>
        <translation>El cierre es definitivo: después ya no se puede emitir ni cambiar ninguna papeleta, y el resultado se cuenta con las papeletas de las organizaciones que figuran como votantes.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="52"/>
        <source>The points that reach the threshold become adopted.</source>
        <translation>Los puntos que alcanzan el umbral quedan adoptados.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="57"/>
        <source>C&amp;lose the round</source>
        <translation>C&amp;errar la ronda</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="59"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="83"/>
        <source>entered on its behalf</source>
        <translation>introducida en su nombre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="85"/>
        <source>two laptops voted differently; the later ballot counts</source>
        <translation>dos ordenadores votaron de forma distinta; cuenta la papeleta posterior</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/close_preview.py" line="87"/>
        <source>by delegation, through {org}</source>
        <translation>por delegación, a través de {org}</translation>
    </message>
</context>
<context>
    <name>CoalitionDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="25"/>
        <source>Organisations and people</source>
        <translation>Organizaciones y personas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="28"/>
        <source>Director</source>
        <translation>Director(a)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="28"/>
        <source>Facilitator</source>
        <translation>Facilitador(a)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="29"/>
        <source>Convener</source>
        <translation>Coordinador(a)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="29"/>
        <source>Member</source>
        <translation>Miembro</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Role</source>
        <translation>Función</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Organisation</source>
        <translation>Organización</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Country</source>
        <translation>País</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/members_view.py" line="32"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
</context>
<context>
    <name>CommentListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="127"/>
        <source>(withdrawn)</source>
        <translation>(retirado)</translation>
    </message>
</context>
<context>
    <name>CommentsPanel</name>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="37"/>
        <source>Write a comment...</source>
        <translation>Escriba un comentario...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="39"/>
        <source>P&amp;ost comment</source>
        <translation>&amp;Publicar comentario</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="40"/>
        <source>Reply to selected</source>
        <translation>Responder al seleccionado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="41"/>
        <source>Withdraw selected</source>
        <translation>Retirar el seleccionado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/comments.py" line="76"/>
        <source>Replying to {author}</source>
        <translation>En respuesta a {author}</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="65"/>
        <source>Conflicts</source>
        <translation>Conflictos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="74"/>
        <source>Save the &amp;combined text</source>
        <translation>Guardar el texto &amp;combinado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="78"/>
        <source>Before either change (common ancestor):</source>
        <translation>Antes de ambos cambios (antecesor común):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="81"/>
        <source>Or write a combined text:</source>
        <translation>O redacte un texto combinado:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="104"/>
        <source>No conflicts: every plan point has one agreed text.</source>
        <translation>No hay conflictos: cada punto del plan tiene un único texto acordado.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="134"/>
        <source>{who} ({org}):</source>
        <translation>{who} ({org}):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/conflicts.py" line="138"/>
        <source>Keep this version</source>
        <translation>Conservar esta versión</translation>
    </message>
</context>
<context>
    <name>ConsolidationWindow</name>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="71"/>
        <source>Consolidation — StratPlan</source>
        <translation>Consolidación — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="76"/>
        <source>&amp;Find overlaps</source>
        <translation>&amp;Buscar solapamientos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="80"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancelar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="84"/>
        <source>&amp;Not a duplicate</source>
        <translation>No es un du&amp;plicado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="85"/>
        <source>&amp;Related, keep both</source>
        <translation>Relacionados, conservar &amp;ambos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="90"/>
        <source>The surviving point</source>
        <translation>El punto que se conserva</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="91"/>
        <source>The point compared with it</source>
        <translation>El punto comparado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="93"/>
        <source>Remove the &amp;link</source>
        <translation>&amp;Quitar el vínculo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="95"/>
        <source>&amp;Use the source&apos;s value for this field</source>
        <translation>Usa&amp;r el valor de la fuente para este campo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="97"/>
        <source>&amp;Merge the others into the target</source>
        <translation>&amp;Fusionar los demás en el destino</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="99"/>
        <source>Merges made</source>
        <translation>Fusiones realizadas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="100"/>
        <source>&amp;Undo the selected merge</source>
        <translation>&amp;Deshacer la fusión seleccionada</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="103"/>
        <source>No possible duplicates or overlaps here: every plan point in this scope reads differently from the others.</source>
        <translation>No hay posibles duplicados ni solapamientos aquí: cada punto del plan de este ámbito es distinto de los demás.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="111"/>
        <source>Undo &amp;this merge</source>
        <translation>Deshacer es&amp;ta fusión</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="125"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="125"/>
        <source>Summary</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="125"/>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="126"/>
        <source>Objective</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="126"/>
        <source>Actions</source>
        <translation>Acciones</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="127"/>
        <source>Indicators</source>
        <translation>Indicadores</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="127"/>
        <source>Responsible</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="128"/>
        <source>Resources / budget</source>
        <translation>Recursos / presupuesto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="128"/>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="134"/>
        <source>Look in:</source>
        <translation>Buscar en:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="138"/>
        <source>Fewer</source>
        <translation>Menos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="140"/>
        <source>More suggestions</source>
        <translation>Más sugerencias</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="153"/>
        <source>Possible duplicates and overlaps, most similar first:</source>
        <translation>Posibles duplicados y solapamientos, los más parecidos primero:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="156"/>
        <source>How alike each pair in this group is:</source>
        <translation>Cuánto se parece cada par de este grupo:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="162"/>
        <source>Surviving point:</source>
        <translation>Punto que se conserva:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="164"/>
        <source>Compare with:</source>
        <translation>Comparar con:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="177"/>
        <source>Related to the surviving point:</source>
        <translation>Relacionados con el punto que se conserva:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="183"/>
        <source>Shared passages are highlighted.</source>
        <translation>Los pasajes comunes aparecen resaltados.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="187"/>
        <source>The combined point (edit before merging):</source>
        <translation>El punto combinado (edítelo antes de fusionar):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="199"/>
        <source>&amp;Suggestions</source>
        <translation>Su&amp;gerencias</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="200"/>
        <source>M&amp;erges</source>
        <translation>Fusion&amp;es</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="201"/>
        <source>Re&amp;viewed</source>
        <translation>Revisa&amp;dos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="206"/>
        <source>These points say different things: never suggest them together again, on any laptop of the coalition.</source>
        <translation>Estos puntos dicen cosas distintas: no volver a sugerirlos juntos en ningún portátil de la coalición.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="208"/>
        <source>These points are related but stay separate: link them (the link shows on each point) and stop suggesting them together.</source>
        <translation>Estos puntos están relacionados pero siguen separados: vincularlos (el vínculo se muestra en cada punto) y dejar de sugerirlos juntos.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="217"/>
        <source>Finding was cancelled; the suggestions are as they were.</source>
        <translation>Se canceló la búsqueda; las sugerencias siguen como estaban.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="243"/>
        <source>The whole coalition</source>
        <translation>Toda la coalición</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/window.py" line="310"/>
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 y %n más</numerusform>
            <numerusform>%1 y %n más</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="315"/>
        <source>{sources} → {target} ({org}, {state})</source>
        <translation>{sources} → {target} ({org}, {state})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="317"/>
        <source>active</source>
        <translation>activa</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="317"/>
        <source>undone</source>
        <translation>deshecha</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="326"/>
        <source>duplicate</source>
        <translation>duplicado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="326"/>
        <source>overlap</source>
        <translation>solapamiento</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="355"/>
        <source>{title} (linked by {org})</source>
        <translation>{title} (vinculado por {org})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="381"/>
        <source>Looking for possible duplicates and overlaps...</source>
        <translation>Buscando posibles duplicados y solapamientos...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/window.py" line="469"/>
        <source>“{title}” now holds the merged text; the other points are marked as merged into it. Nothing is lost: the merge can be undone.</source>
        <translation>«{title}» contiene ahora el texto fusionado; los demás puntos quedan marcados como fusionados en él. No se pierde nada: la fusión se puede deshacer.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/window.py" line="474"/>
        <source>Merged %n proposals into “{title}”.</source>
        <translation>
            <numerusform>Se fusionó %n propuesta en «{title}».</numerusform>
            <numerusform>Se fusionaron %n propuestas en «{title}».</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/review_actions.py" line="75"/>
        <source>Sensitivity</source>
        <translation>Sensibilidad</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/review_actions.py" line="87"/>
        <source>Suggest groups whose points are at least {percent}% alike (default {default}%).</source>
        <translation>Sugerir grupos cuyos puntos se parezcan al menos un {percent} % (por defecto {default} %).</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/review_actions.py" line="111"/>
        <source>Not a duplicate: %n points will not be suggested together again.</source>
        <translation>
            <numerusform>No es un duplicado: %n punto no se volverá a sugerir con los demás.</numerusform>
            <numerusform>No es un duplicado: %n puntos no se volverán a sugerir juntos.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/consolidation/review_actions.py" line="128"/>
        <source>Linked %n points as related; each keeps its own text.</source>
        <translation>
            <numerusform>%n punto vinculado como relacionado; cada uno conserva su texto.</numerusform>
            <numerusform>%n puntos vinculados como relacionados; cada uno conserva su texto.</numerusform>
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
            <numerusform>%n necesidad</numerusform>
            <numerusform>%n necesidades</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="83"/>
        <source>%n without any offer</source>
        <translation>
            <numerusform>%n sin ninguna oferta</numerusform>
            <numerusform>%n sin ninguna oferta</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="84"/>
        <source>%n offers</source>
        <translation>
            <numerusform>%n oferta</numerusform>
            <numerusform>%n ofertas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/models.py" line="106"/>
        <source>needs help here; %n other organisations offer it</source>
        <translation>
            <numerusform>necesita ayuda aquí; %n organización más la ofrece</numerusform>
            <numerusform>necesita ayuda aquí; %n organizaciones más la ofrecen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/models.py" line="107"/>
        <source>needs help here; nobody offers it yet</source>
        <translation>necesita ayuda aquí; nadie la ofrece todavía</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/models.py" line="108"/>
        <source>offers help here</source>
        <translation>ofrece ayuda aquí</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/models.py" line="108"/>
        <source>nothing recorded</source>
        <translation>nada registrado</translation>
    </message>
</context>
<context>
    <name>DelegateQuestion</name>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="57"/>
        <source>Give our vote</source>
        <translation>Dar nuestro voto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="58"/>
        <source>The organisation that votes for us in this round (until we withdraw it or vote ourselves):</source>
        <translation>La organización que vota por nosotros en esta votación (hasta que retiremos el voto o votemos nosotros):</translation>
    </message>
</context>
<context>
    <name>EmptyBallotQuestion</name>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="34"/>
        <source>Empty ballot</source>
        <translation>Papeleta vacía</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="35"/>
        <source>Nothing is chosen on this ballot. Record an empty ballot (an abstention)?</source>
        <translation>No ha elegido nada en esta papeleta. ¿Registrar una papeleta vacía (una abstención)?</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="38"/>
        <source>It counts towards the quorum, but for or against no point. You can change your ballot while the round is open.</source>
        <translation>Cuenta para el quórum, pero no a favor ni en contra de ningún punto. Puede cambiar su papeleta mientras la ronda esté abierta.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="41"/>
        <source>&amp;Record the abstention</source>
        <translation>&amp;Registrar la abstención</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/questions.py" line="43"/>
        <source>&amp;Go back to the ballot</source>
        <translation>&amp;Volver a la papeleta</translation>
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
        <translation>Se ha producido un error inesperado. El trabajo guardado está a salvo.

{error}

Los detalles se han escrito en {path}.</translation>
    </message>
</context>
<context>
    <name>Exporting</name>
    <message>
        <location filename="../../stratplan/ui/programme/exporting.py" line="326"/>
        <source>Writing {name}...</source>
        <translation>Escribiendo {name}...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/exporting.py" line="344"/>
        <source>Saved {name} in {folder}</source>
        <translation>{name} guardado en {folder}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/exporting.py" line="353"/>
        <source>OpenDocument (*.odt), needs LibreOffice (not installed)</source>
        <translation>OpenDocument (*.odt), requiere LibreOffice (no instalado)</translation>
    </message>
</context>
<context>
    <name>GapsPage</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="348"/>
        <source>Points nobody is working on</source>
        <translation>Puntos en los que nadie trabaja</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="349"/>
        <source>Organisation</source>
        <translation>Organización</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="349"/>
        <source>Period</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="349"/>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="350"/>
        <source>Point</source>
        <translation>Punto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="351"/>
        <source>Overdue reports</source>
        <translation>Informes atrasados</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="369"/>
        <source>Points &amp;nobody is working on in this period (%n):</source>
        <translation>
            <numerusform>Puntos en l&amp;os que nadie trabaja en este periodo (%n):</numerusform>
            <numerusform>Puntos en l&amp;os que nadie trabaja en este periodo (%n):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="372"/>
        <source>Reports &amp;overdue (%n):</source>
        <translation>
            <numerusform>Informes &amp;atrasados (%n):</numerusform>
            <numerusform>Informes &amp;atrasados (%n):</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupActions</name>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="42"/>
        <source>&amp;Organisations and people...</source>
        <translation>&amp;Organizaciones y personas...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="43"/>
        <source>Ro&amp;les...</source>
        <translation>&amp;Funciones...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="45"/>
        <source>&amp;New working group...</source>
        <translation>&amp;Nuevo grupo de trabajo...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="46"/>
        <source>&amp;Rename working group...</source>
        <translation>&amp;Renombrar el grupo de trabajo...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="47"/>
        <source>&amp;Members...</source>
        <translation>&amp;Miembros...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="48"/>
        <source>&amp;Archive working group</source>
        <translation>&amp;Archivar el grupo de trabajo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="66"/>
        <source>New working group</source>
        <translation>Nuevo grupo de trabajo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="68"/>
        <source>New working group</source>
        <comment>undo</comment>
        <translation>Nuevo grupo de trabajo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="79"/>
        <source>Select a working group in the list first.</source>
        <translation>Primero seleccione un grupo de trabajo en la lista.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="88"/>
        <source>Rename working group</source>
        <translation>Renombrar el grupo de trabajo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="92"/>
        <source>Rename working group</source>
        <comment>undo</comment>
        <translation>Renombrar el grupo de trabajo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="100"/>
        <source>Archive working group</source>
        <translation>Archivar el grupo de trabajo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="101"/>
        <source>Working group archived: {name}</source>
        <translation>Grupo de trabajo archivado: {name}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/group_actions.py" line="112"/>
        <source>Change group members</source>
        <translation>Cambiar los miembros del grupo</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/group_actions.py" line="114"/>
        <source>{name} now has %n member organisations.</source>
        <translation>
            <numerusform>{name} tiene ahora %n organización miembro.</numerusform>
            <numerusform>{name} tiene ahora %n organizaciones miembro.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="38"/>
        <source>&amp;Name</source>
        <translation>&amp;Nombre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="39"/>
        <source>&amp;Description</source>
        <translation>&amp;Descripción</translation>
    </message>
</context>
<context>
    <name>GroupListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="74"/>
        <source>All proposals</source>
        <translation>Todas las propuestas</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="95"/>
        <source>StratPlan user guide</source>
        <translation>Guía de StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="97"/>
        <source>User guide</source>
        <translation>Guía del usuario</translation>
    </message>
</context>
<context>
    <name>HelpShortcuts</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="77"/>
        <source>Tool windows</source>
        <translation>Ventanas de herramientas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="78"/>
        <source>Programme sections and points</source>
        <translation>Secciones y puntos del programa</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="79"/>
        <source>Lists and tables</source>
        <translation>Listas y tablas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="81"/>
        <source>Close the window</source>
        <translation>Cerrar la ventana</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="82"/>
        <source>Move the selected section or point up / down</source>
        <translation>Subir / bajar la sección o el punto seleccionado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="83"/>
        <source>Move between cells</source>
        <translation>Moverse entre celdas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="83"/>
        <source>Arrow keys</source>
        <translation>Teclas de flecha</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="84"/>
        <source>Go to the next field</source>
        <translation>Ir al campo siguiente</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="85"/>
        <source>Everywhere</source>
        <translation>En todas partes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="85"/>
        <source>Open a menu or press a button</source>
        <translation>Abrir un menú o pulsar un botón</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="86"/>
        <source>Alt + the underlined letter</source>
        <translation>Alt + la letra subrayada</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="36"/>
        <source>Select a revision to compare it with the newest; Ctrl+click to pick two.</source>
        <translation>Seleccione una revisión para compararla con la más reciente; Ctrl+clic para elegir dos.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="42"/>
        <source>&amp;Restore this revision</source>
        <translation>&amp;Restaurar esta revisión</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="72"/>
        <source>These two revisions have the same text.</source>
        <translation>Estas dos revisiones tienen el mismo texto.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/history.py" line="107"/>
        <location filename="../../stratplan/ui/widgets/history.py" line="108"/>
        <source>Revision #{n} ({author})</source>
        <translation>Revisión n.º {n} ({author})</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="28"/>
        <source>Import proposals from {name}</source>
        <translation>Importar propuestas de {name}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="33"/>
        <source>(possible duplicate of “{title}”)</source>
        <translation>(posible duplicado de «{title}»)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="45"/>
        <source>Nothing was skipped.</source>
        <translation>No se ha omitido nada.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="48"/>
        <source>Points found</source>
        <translation>Puntos encontrados</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="49"/>
        <source>Skipped</source>
        <translation>Omitidos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/import_dialog.py" line="50"/>
        <source>Working group</source>
        <translation>Grupo de trabajo</translation>
    </message>
</context>
<context>
    <name>IndicatorChart</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="184"/>
        <source>Chart: the selected indicator over the periods</source>
        <translation>Gráfico: el indicador elegido a lo largo de los periodos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="211"/>
        <source>No indicator to chart for this point.</source>
        <translation>Este punto no tiene ningún indicador que representar.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="214"/>
        <source>Coalition mean</source>
        <translation>Media de la coalición</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="216"/>
        <source>Our value ({code})</source>
        <translation>Nuestro valor ({code})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="219"/>
        <source>target</source>
        <translation>meta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="221"/>
        <source>{indicator}, coalition mean per period: {values}; target {target}</source>
        <translation>{indicator}, media de la coalición por periodo: {values}; meta {target}</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="46"/>
        <source>Join a coalition</source>
        <translation>Unirse a una coalición</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="48"/>
        <source>StratPlan writes a request file. Send it to the coalition&apos;s convener (or, for a second laptop, to your organisation&apos;s first laptop). Their reply is a bundle file: receive it here.</source>
        <translation>StratPlan genera un archivo de solicitud. Envíelo a la organización coordinadora de la coalición (o, si es un segundo ordenador, al primer ordenador de su organización). Su respuesta es un archivo de paquete: recíbalo aquí.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="51"/>
        <source>This is a second laptop of an organisation already in the coalition</source>
        <translation>Es un segundo ordenador de una organización que ya está en la coalición</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="56"/>
        <source>e.g. LT</source>
        <translation>p. ej., ES</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="58"/>
        <source>e.g. lt</source>
        <translation>p. ej., es</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="61"/>
        <source>e.g. Rūta&apos;s laptop</source>
        <translation>p. ej., el ordenador de Rūta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="66"/>
        <source>Your organisation</source>
        <translation>Su organización</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="66"/>
        <source>Short code</source>
        <translation>Código corto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="67"/>
        <source>Country (ISO code)</source>
        <translation>País (código ISO)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="68"/>
        <source>Working language</source>
        <translation>Idioma de trabajo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="68"/>
        <source>Your name</source>
        <translation>Su nombre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="69"/>
        <source>This laptop&apos;s name</source>
        <translation>Nombre de este ordenador</translation>
    </message>
</context>
<context>
    <name>LayoutPage</name>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="88"/>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="108"/>
        <source>Sections and points</source>
        <translation>Secciones y puntos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="93"/>
        <source>Add &amp;section...</source>
        <translation>Añadir &amp;sección...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="94"/>
        <source>Rena&amp;me section...</source>
        <translation>Reno&amp;mbrar sección...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="95"/>
        <source>Remove from programme</source>
        <translation>Quitar del programa</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="96"/>
        <source>← Pl&amp;ace in selected section</source>
        <translation>← Coloc&amp;ar en la sección seleccionada</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="97"/>
        <source>Save &amp;order</source>
        <translation>Guardar el &amp;orden</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="99"/>
        <source>Move &amp;up</source>
        <translation>S&amp;ubir</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="100"/>
        <source>Move &amp;down</source>
        <translation>&amp;Bajar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="101"/>
        <source>Move the selected section or point up (Ctrl+Up)</source>
        <translation>Subir la sección o el punto seleccionado (Ctrl+Arriba)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="102"/>
        <source>Move the selected section or point down (Ctrl+Down)</source>
        <translation>Bajar la sección o el punto seleccionado (Ctrl+Abajo)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="103"/>
        <source>Create &amp;release...</source>
        <translation>Publicar una &amp;versión...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="107"/>
        <source>What changed between the two releases</source>
        <translation>Qué cambió entre las dos versiones publicadas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="120"/>
        <source>Adopted points not yet placed (in ranking order):</source>
        <translation>Puntos adoptados aún sin colocar (por orden de clasificación):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="124"/>
        <source>Releases (select two to compare):</source>
        <translation>Versiones publicadas (seleccione dos para compararlas):</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/layout_page.py" line="211"/>
        <source>{name} — {date}, %n points</source>
        <translation>
            <numerusform>{name} — {date}, %n punto</numerusform>
            <numerusform>{name} — {date}, %n puntos</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="266"/>
        <source>Add section</source>
        <translation>Añadir sección</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="266"/>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="278"/>
        <source>Strategic area:</source>
        <translation>Eje estratégico:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="275"/>
        <source>Select a section in the tree first.</source>
        <translation>Primero seleccione una sección en el árbol.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="278"/>
        <source>Rename section</source>
        <translation>Renombrar sección</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="324"/>
        <source>Strategic area 1</source>
        <translation>Eje estratégico 1</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="357"/>
        <source>Select two releases to see what changed between them.</source>
        <translation>Seleccione dos versiones publicadas para ver qué cambió entre ellas.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="368"/>
        <source>section {n} renamed: “{old}” → “{new}”</source>
        <translation>sección {n} renombrada: «{old}» → «{new}»</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="370"/>
        <source>section added: {n} {title}</source>
        <translation>sección añadida: {n} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="372"/>
        <source>section removed: {n} {title}</source>
        <translation>sección eliminada: {n} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="373"/>
        <source>added</source>
        <translation>añadido</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="373"/>
        <source>removed</source>
        <translation>quitado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="373"/>
        <source>changed</source>
        <translation>modificado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="374"/>
        <source>moved</source>
        <translation>movido</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="385"/>
        <source>title</source>
        <translation>título</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="385"/>
        <source>summary</source>
        <translation>resumen</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="385"/>
        <source>text</source>
        <translation>texto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="386"/>
        <source>objective</source>
        <translation>objetivo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="386"/>
        <source>actions</source>
        <translation>acciones</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="387"/>
        <source>indicators</source>
        <translation>indicadores</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="387"/>
        <source>responsible</source>
        <translation>responsable</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="388"/>
        <source>start</source>
        <translation>inicio</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="388"/>
        <source>end</source>
        <translation>fin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="388"/>
        <source>resources</source>
        <translation>recursos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="389"/>
        <source>level</source>
        <translation>nivel</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="389"/>
        <source>tags</source>
        <translation>etiquetas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/layout_page.py" line="364"/>
        <source>No changes.</source>
        <translation>Sin cambios.</translation>
    </message>
</context>
<context>
    <name>LocalPlanPage</name>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="75"/>
        <source>&amp;Start a local plan from a release...</source>
        <translation>&amp;Iniciar un plan local a partir de una versión publicada...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="76"/>
        <source>Follow a ne&amp;wer release...</source>
        <translation>Seguir una versión más &amp;reciente...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="78"/>
        <source>No.</source>
        <translation>N.º</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="78"/>
        <source>Point</source>
        <translation>Punto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="78"/>
        <source>Our decision</source>
        <translation>Nuestra decisión</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="85"/>
        <source>Points of the local plan</source>
        <translation>Puntos del plan local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="91"/>
        <source>&amp;Accept the programme&apos;s change</source>
        <translation>&amp;Aceptar el cambio del programa</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="92"/>
        <source>&amp;Keep our version</source>
        <translation>&amp;Conservar nuestra versión</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="93"/>
        <source>Adopt as is</source>
        <translation>Adoptar tal cual</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="94"/>
        <source>Adapt</source>
        <translation>Adaptar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="95"/>
        <source>Not applicable here</source>
        <translation>No aplicable aquí</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="106"/>
        <source>One per line: indicator; baseline; target; unit</source>
        <translation>Uno por línea: indicador; valor de partida; meta; unidad</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="108"/>
        <source>Save &amp;decision</source>
        <translation>Guardar la &amp;decisión</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="109"/>
        <source>Add a local po&amp;int...</source>
        <translation>Añadir un &amp;punto local...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="117"/>
        <source>Local plan:</source>
        <translation>Plan local:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="131"/>
        <source>Decision</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="132"/>
        <source>Local text</source>
        <translation>Texto local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="133"/>
        <source>Local actions</source>
        <translation>Acciones locales</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="134"/>
        <source>Responsible person</source>
        <translation>Persona responsable</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="135"/>
        <source>Start</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="136"/>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="137"/>
        <source>Indicators</source>
        <translation>Indicadores</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="138"/>
        <source>Budget</source>
        <translation>Presupuesto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="139"/>
        <source>Reason (if not applicable)</source>
        <translation>Motivo (si no es aplicable)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="147"/>
        <source>The programme&apos;s text:</source>
        <translation>El texto del programa:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="204"/>
        <source>adopt as is</source>
        <translation>adoptar tal cual</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="204"/>
        <source>adapt</source>
        <translation>adaptar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="205"/>
        <source>not applicable here</source>
        <translation>no aplicable aquí</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="208"/>
        <source>local point</source>
        <translation>punto local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="280"/>
        <source>The programme changed this point after you decided ({fields}). Accept the new text, or keep your version.</source>
        <translation>El programa modificó este punto después de su decisión ({fields}). Acepte el nuevo texto o conserve su versión.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="343"/>
        <source>There is no release yet: create one on the “Unified programme” page first.</source>
        <translation>Todavía no hay ninguna versión publicada: primero publique una en la página «Programa común».</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="348"/>
        <source>Start a local plan</source>
        <translation>Iniciar un plan local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="362"/>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="372"/>
        <source>Start a local plan first.</source>
        <translation>Primero inicie un plan local.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="364"/>
        <source>Follow a newer release</source>
        <translation>Seguir una versión más reciente</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="375"/>
        <source>Add a local point</source>
        <translation>Añadir un punto local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/local_plan_page.py" line="375"/>
        <source>Title:</source>
        <translation>Título:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="152"/>
        <source>Filter: title, summary, text, tags, author, organisation</source>
        <translation>Filtrar: título, resumen, texto, etiquetas, autor, organización</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="154"/>
        <source>Filter the plan points</source>
        <translation>Filtrar los puntos del plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="158"/>
        <source>Plan points</source>
        <translation>Puntos del plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="196"/>
        <source>Sa&amp;ve</source>
        <translation>Guarda&amp;r</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="198"/>
        <source>Discard cha&amp;nges</source>
        <translation>Descartar cam&amp;bios</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="213"/>
        <source>E&amp;dit</source>
        <translation>Re&amp;dacción</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="214"/>
        <source>Histor&amp;y</source>
        <translation>Historia&amp;l</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="215"/>
        <source>&amp;Comments</source>
        <translation>Co&amp;mentarios</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="216"/>
        <source>Amendments</source>
        <translation>Enmiendas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="228"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="228"/>
        <source>Summary</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="228"/>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="229"/>
        <source>Objective</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="229"/>
        <source>Actions</source>
        <translation>Acciones</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="230"/>
        <source>Indicators</source>
        <translation>Indicadores</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="230"/>
        <source>Responsible</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="231"/>
        <source>Start</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="231"/>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="231"/>
        <source>Resources / budget</source>
        <translation>Recursos / presupuesto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="232"/>
        <source>Level</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="232"/>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="232"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="233"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="241"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="242"/>
        <source>&amp;New store...</source>
        <translation>&amp;Nueva base de datos...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="243"/>
        <source>&amp;Open store...</source>
        <translation>&amp;Abrir una base de datos...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="244"/>
        <source>Open &amp;recent</source>
        <translation>Abrir &amp;recientes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="248"/>
        <source>&amp;Import proposals (Word, Markdown)...</source>
        <translation>&amp;Importar propuestas (Word, Markdown)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="250"/>
        <source>Se&amp;ttings...</source>
        <translation>&amp;Configuración...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="253"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="254"/>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="255"/>
        <source>&amp;Undo</source>
        <translation>&amp;Deshacer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="257"/>
        <source>&amp;Redo</source>
        <translation>&amp;Rehacer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="267"/>
        <source>&amp;New plan point</source>
        <translation>&amp;Nuevo punto del plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="269"/>
        <source>&amp;Save plan point</source>
        <translation>&amp;Guardar el punto del plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="271"/>
        <source>&amp;Delete plan point</source>
        <translation>&amp;Eliminar el punto del plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="276"/>
        <source>&amp;Find...</source>
        <translation>&amp;Buscar...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="277"/>
        <source>&amp;Conflicts...</source>
        <translation>&amp;Conflictos...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="278"/>
        <source>Sp&amp;lit plan point...</source>
        <translation>D&amp;ividir el punto del plan...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="279"/>
        <source>Re&amp;tire plan point...</source>
        <translation>Cerrar el punto del p&amp;lan...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="280"/>
        <source>&amp;Groups</source>
        <translation>&amp;Grupos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="282"/>
        <source>&amp;Programme</source>
        <translation>&amp;Programa</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="283"/>
        <source>Voting &amp;rounds...</source>
        <translation>&amp;Rondas de votación...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="284"/>
        <source>&amp;Programme and local plan...</source>
        <translation>&amp;Programa y plan local...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="285"/>
        <source>Pro&amp;gress reports...</source>
        <translation>&amp;Informes de avance...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="286"/>
        <source>Peer-to-peer &amp;training...</source>
        <translation>&amp;Formación entre pares...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="287"/>
        <source>&amp;Consolidation (overlaps and merges)...</source>
        <translation>&amp;Consolidación (solapamientos y fusiones)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="289"/>
        <source>&amp;Sharing</source>
        <translation>&amp;Compartir</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="291"/>
        <source>&amp;Tools</source>
        <translation>&amp;Herramientas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="292"/>
        <source>&amp;Rebuild views from the log</source>
        <translation>&amp;Reconstruir las vistas a partir del registro</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="293"/>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="294"/>
        <source>&amp;User guide</source>
        <translation>&amp;Guía del usuario</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="295"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>Atajos de &amp;teclado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="297"/>
        <source>&amp;About StratPlan</source>
        <translation>&amp;Acerca de StratPlan</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window.py" line="499"/>
        <source>{shown} of %n plan points</source>
        <translation>
            <numerusform>{shown} de %n punto del plan</numerusform>
            <numerusform>{shown} de %n puntos del plan</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="563"/>
        <source>Related points (linked in Consolidation, not merged): {titles}.</source>
        <translation>Puntos relacionados (vinculados en Consolidación, no fusionados): {titles}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window.py" line="716"/>
        <source>Rebuilt the views from %n operations.</source>
        <translation>
            <numerusform>Vistas reconstruidas a partir de %n operación.</numerusform>
            <numerusform>Vistas reconstruidas a partir de %n operaciones.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="557"/>
        <source>Merged from other proposals; co-authors: {names}.</source>
        <translation>Resultado de fusionar otras propuestas; coautoría: {names}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="150"/>
        <source>Working groups</source>
        <translation>Grupos de trabajo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="560"/>
        <source>Edited after the merge (review them in the merged proposals): {titles}.</source>
        <translation>Modificadas después de la fusión (revíselas en las propuestas fusionadas): {titles}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="568"/>
        <source>This point was edited on two laptops at once. The newest version is shown; compare the versions in History and save the text you want.</source>
        <translation>Este punto se modificó en dos ordenadores a la vez. Se muestra la versión más reciente; compare las versiones en el Historial y guarde el texto que prefiera.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="574"/>
        <source>Recovered unsaved changes from {time}. Save to keep them, or undo with “Discard changes”.</source>
        <translation>Se recuperaron cambios sin guardar de {time}. Guarde para conservarlos o deshágalos con «Descartar cambios».</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="577"/>
        <source>The point has changed since: check History before saving.</source>
        <translation>El punto ha cambiado desde entonces: consulte el Historial antes de guardar.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="601"/>
        <source>Unsaved changes (kept safe on this laptop)</source>
        <translation>Cambios sin guardar (a salvo en este ordenador)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="603"/>
        <source>All changes saved</source>
        <translation>Todos los cambios guardados</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="627"/>
        <source>Save plan point</source>
        <translation>Guardar el punto del plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="641"/>
        <source>Untitled plan point</source>
        <translation>Punto del plan sin título</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="643"/>
        <source>New plan point</source>
        <translation>Nuevo punto del plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="654"/>
        <source>Delete plan point</source>
        <translation>Eliminar el punto del plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="682"/>
        <source>Restore revision</source>
        <translation>Restaurar la revisión</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="688"/>
        <source>Post comment</source>
        <translation>Publicar comentario</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="696"/>
        <source>Withdraw comment</source>
        <translation>Retirar comentario</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="713"/>
        <source>Rebuilding the views from the log...</source>
        <translation>Reconstruyendo las vistas a partir del registro...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="737"/>
        <source>Open store</source>
        <translation>Abrir una base de datos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="738"/>
        <source>StratPlan stores (*.sqlite);;All files (*)</source>
        <translation>Bases de datos de StratPlan (*.sqlite);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="743"/>
        <source>New store</source>
        <translation>Nueva base de datos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window.py" line="744"/>
        <source>StratPlan stores (*.sqlite)</source>
        <translation>Bases de datos de StratPlan (*.sqlite)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="84"/>
        <source>Import proposals</source>
        <translation>Importar propuestas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="85"/>
        <source>Word or Markdown (*.docx *.md *.markdown *.txt)</source>
        <translation>Word o Markdown (*.docx *.md *.markdown *.txt)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/main_window_tools.py" line="102"/>
        <source>%n proposals imported as drafts.</source>
        <translation>
            <numerusform>%n propuesta importada como borrador.</numerusform>
            <numerusform>%n propuestas importadas como borradores.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="153"/>
        <source>Split plan point</source>
        <translation>Dividir el punto del plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/main_window_tools.py" line="154"/>
        <source>Titles of the new points, one per line:</source>
        <translation>Títulos de los nuevos puntos, uno por línea:</translation>
    </message>
</context>
<context>
    <name>MatrixPage</name>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="310"/>
        <source>Members by points</source>
        <translation>Miembros por puntos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="318"/>
        <source>Members × points, one &amp;cell per report (hover it for words):</source>
        <translation>Miem&amp;bros × puntos, una celda por informe (pase el ratón para leerla en palabras):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="322"/>
        <source>set aside</source>
        <translation>descartado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="322"/>
        <source>no report</source>
        <translation>sin informe</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="323"/>
        <source>no local plan</source>
        <translation>sin plan local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/coalition_pages.py" line="327"/>
        <source>Legend: {marks}</source>
        <translation>Leyenda: {marks}</translation>
    </message>
</context>
<context>
    <name>MembersDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="55"/>
        <source>Member organisations</source>
        <translation>Organizaciones miembro</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/group_dialogs.py" line="57"/>
        <source>Filter organisations</source>
        <translation>Filtrar organizaciones</translation>
    </message>
</context>
<context>
    <name>NewCoalitionDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="15"/>
        <source>Start a new coalition</source>
        <translation>Crear una nueva coalición</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="20"/>
        <source>e.g. LT</source>
        <translation>p. ej., ES</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="22"/>
        <source>e.g. lt</source>
        <translation>p. ej., es</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="25"/>
        <source>Coalition name</source>
        <translation>Nombre de la coalición</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="26"/>
        <source>Your organisation</source>
        <translation>Su organización</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="27"/>
        <source>Short code</source>
        <translation>Código corto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="28"/>
        <source>Country (ISO code)</source>
        <translation>País (código ISO)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="29"/>
        <source>Working language</source>
        <translation>Idioma de trabajo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/new_coalition.py" line="30"/>
        <source>Your name</source>
        <translation>Su nombre</translation>
    </message>
</context>
<context>
    <name>NewRoundDialog</name>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="44"/>
        <source>Open a voting round</source>
        <translation>Abrir una ronda de votación</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="47"/>
        <source>Approval: does each point fit our organisation?</source>
        <translation>Aprobación: ¿encaja cada punto con nuestra organización?</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="48"/>
        <source>Ranking: order the points (Schulze)</source>
        <translation>Clasificación: ordenar los puntos (Schulze)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="49"/>
        <source>Score: grade each point 0 to 5</source>
        <translation>Puntuación: calificar cada punto de 0 a 5</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="54"/>
        <source>of those who expressed a view</source>
        <translation>de quienes se pronunciaron</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="55"/>
        <source>of the whole electorate</source>
        <translation>del conjunto del electorado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="57"/>
        <source>YYYY-MM-DD (optional)</source>
        <translation>AAAA-MM-DD (opcional)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="58"/>
        <source>&amp;Show the results while the round is open (marked provisional)</source>
        <translation>Mostrar los resultados mientras la ronda esté a&amp;bierta (marcados como provisionales)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="59"/>
        <source>Otherwise the results stay sealed until the round closes.</source>
        <translation>Si no, los resultados quedan sellados hasta que se cierre la ronda.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="61"/>
        <source>Proposals to vote on</source>
        <translation>Propuestas que se votan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="68"/>
        <source>&amp;Title</source>
        <translation>&amp;Título</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="69"/>
        <source>&amp;Method</source>
        <translation>&amp;Método</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="70"/>
        <source>&amp;Proposals</source>
        <translation>&amp;Propuestas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="71"/>
        <source>T&amp;hreshold</source>
        <translation>&amp;Umbral</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="72"/>
        <source>Support counted</source>
        <translation>Apoyo computado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="73"/>
        <source>&amp;Quorum</source>
        <translation>&amp;Quórum</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="74"/>
        <source>&amp;Closing date</source>
        <translation>&amp;Fecha de cierre</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="78"/>
        <source>&amp;Open the round</source>
        <translation>Abrir la &amp;ronda</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/new_round.py" line="79"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>PeerWindow</name>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="67"/>
        <source>Peer-to-peer training — StratPlan</source>
        <translation>Formación entre pares — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="75"/>
        <source>Our &amp;needs and offers</source>
        <translation>N&amp;uestras necesidades y ofertas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="76"/>
        <source>&amp;Matches and pairings</source>
        <translation>&amp;Coincidencias y emparejamientos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="80"/>
        <source>Needs and offers by area and organisation</source>
        <translation>Necesidades y ofertas por área y organización</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="82"/>
        <source>Green: a need others can meet · Red: a need nobody offers · Blue: an offer · H/M/L: priority of the need · +n: offers made</source>
        <translation>Verde: una necesidad que otras pueden cubrir · Rojo: una necesidad que nadie ofrece · Azul: una oferta · H/M/L: prioridad de la necesidad (alta, media, baja) · +n: ofertas hechas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="88"/>
        <source>&amp;Coverage</source>
        <translation>Co&amp;bertura</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="90"/>
        <source>Export the &amp;training plan...</source>
        <translation>Exportar el plan de &amp;formación...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="91"/>
        <source>&amp;Import needs assessment (CSV)...</source>
        <translation>&amp;Importar la evaluación de necesidades (CSV)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="92"/>
        <source>Add a capacity &amp;area...</source>
        <translation>Añadir un &amp;ámbito de capacidades...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="97"/>
        <source>Training plan of:</source>
        <translation>Plan de formación de:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="117"/>
        <location filename="../../stratplan/ui/peer/window.py" line="120"/>
        <location filename="../../stratplan/ui/peer/window.py" line="142"/>
        <source>Area</source>
        <translation>Ámbito</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="117"/>
        <source>Priority</source>
        <translation>Prioridad</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="117"/>
        <location filename="../../stratplan/ui/peer/window.py" line="120"/>
        <location filename="../../stratplan/ui/peer/window.py" line="146"/>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="120"/>
        <location filename="../../stratplan/ui/peer/window.py" line="167"/>
        <source>Tool or practice</source>
        <translation>Herramienta o práctica</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="120"/>
        <source>Formats</source>
        <translation>Formatos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="128"/>
        <source>high</source>
        <translation>alta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="128"/>
        <source>medium</source>
        <translation>media</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="128"/>
        <source>low</source>
        <translation>baja</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="133"/>
        <source>training</source>
        <translation>formación</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="133"/>
        <source>materials</source>
        <translation>materiales</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="134"/>
        <source>mentoring</source>
        <translation>mentoría</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="134"/>
        <source>study visit</source>
        <translation>visita de estudio</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="138"/>
        <source>Add as a &amp;need</source>
        <translation>Añadir como &amp;necesidad</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="139"/>
        <source>Add as an &amp;offer</source>
        <translation>Añadir como &amp;oferta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="140"/>
        <source>&amp;Withdraw selected</source>
        <translation>&amp;Retirar lo seleccionado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="143"/>
        <source>Priority (needs)</source>
        <translation>Prioridad (necesidades)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="144"/>
        <source>Tool or practice (offers)</source>
        <translation>Herramienta o práctica (ofertas)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="145"/>
        <source>Format (offers)</source>
        <translation>Formato (ofertas)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="151"/>
        <source>Where we need help:</source>
        <translation>Dónde necesitamos ayuda:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="153"/>
        <source>What we can share:</source>
        <translation>Qué podemos compartir:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="167"/>
        <source>Offered by</source>
        <translation>Ofrecido por</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="167"/>
        <source>Shared languages</source>
        <translation>Idiomas comunes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="167"/>
        <source>Why</source>
        <translation>Por qué</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="172"/>
        <source>&amp;Confirm this pairing</source>
        <translation>&amp;Confirmar este emparejamiento</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="175"/>
        <source>Needs of every organisation:</source>
        <translation>Necesidades de cada organización:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="178"/>
        <source>Organisations that can help, best first:</source>
        <translation>Organizaciones que pueden ayudar, las más adecuadas primero:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="181"/>
        <source>Confirmed pairings:</source>
        <translation>Emparejamientos confirmados:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="307"/>
        <source>Add a capacity area</source>
        <translation>Añadir un ámbito de capacidades</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="307"/>
        <source>Name of the area:</source>
        <translation>Nombre del ámbito:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="315"/>
        <source>Import needs assessment</source>
        <translation>Importar la evaluación de necesidades</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="316"/>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="323"/>
        <source>Cannot read {path}: {why}</source>
        <translation>No se puede leer {path}: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="330"/>
        <source>Imported {needs} and {offers}.</source>
        <translation>Importación: {needs} y {offers}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/window.py" line="331"/>
        <source>%n needs</source>
        <translation>
            <numerusform>%n necesidad</numerusform>
            <numerusform>%n necesidades</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/peer/window.py" line="331"/>
        <source>%n offers</source>
        <translation>
            <numerusform>%n oferta</numerusform>
            <numerusform>%n ofertas</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/peer/window.py" line="336"/>
        <source>Export the training plan</source>
        <translation>Exportar el plan de formación</translation>
    </message>
</context>
<context>
    <name>ProgrammeWindow</name>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="62"/>
        <source>Programme and local plan — StratPlan</source>
        <translation>Programa y plan local — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="66"/>
        <source>Unified &amp;programme</source>
        <translation>&amp;Programa común</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="67"/>
        <source>Our &amp;local plan</source>
        <translation>Nuestro plan &amp;local</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="72"/>
        <source>E&amp;xport the selected release...</source>
        <translation>E&amp;xportar la versión publicada seleccionada...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="73"/>
        <source>Export our local pla&amp;n...</source>
        <translation>Exportar nuestro pla&amp;n local...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="75"/>
        <source>Word &amp;template: default</source>
        <translation>Plan&amp;tilla de Word: predeterminada</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="77"/>
        <source>Document lan&amp;guage:</source>
        <translation>Idioma del &amp;documento:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="150"/>
        <source>Word template</source>
        <translation>Plantilla de Word</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="151"/>
        <source>Word documents and templates (*.docx *.dotx)</source>
        <translation>Documentos y plantillas de Word (*.docx *.dotx)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="161"/>
        <source>Word template: {name}</source>
        <translation>Plantilla de Word: {name}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="181"/>
        <source>Select a release in the list first.</source>
        <translation>Primero seleccione una versión publicada en la lista.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="183"/>
        <source>Export the programme</source>
        <translation>Exportar el programa</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="192"/>
        <source>Start a local plan first.</source>
        <translation>Primero inicie un plan local.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/window.py" line="194"/>
        <source>Export our local plan</source>
        <translation>Exportar nuestro plan local</translation>
    </message>
</context>
<context>
    <name>ProgressExports</name>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="39"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="40"/>
        <source>&amp;Our progress report...</source>
        <translation>Nuestro informe de &amp;avance...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="41"/>
        <source>The &amp;coalition&apos;s progress report...</source>
        <translation>Informe de avance de la &amp;coalición...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="42"/>
        <source>&amp;Values for donors (.xlsx)...</source>
        <translation>&amp;Valores para los donantes (.xlsx)...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="75"/>
        <source>Export our progress report</source>
        <translation>Exportar nuestro informe de avance</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="87"/>
        <source>Export the coalition&apos;s progress report</source>
        <translation>Exportar el informe de avance de la coalición</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="106"/>
        <location filename="../../stratplan/ui/progress/exports.py" line="134"/>
        <source>Writing {name}...</source>
        <translation>Escribiendo {name}...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="121"/>
        <source>Export the values for donors</source>
        <translation>Exportar los valores para los donantes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="122"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Libro de Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/exports.py" line="137"/>
        <source>Saved {values} values from {reports} reports in {file}</source>
        <translation>{values} valores de {reports} informes guardados en {file}</translation>
    </message>
</context>
<context>
    <name>ProgressWindow</name>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="88"/>
        <source>Progress reports — StratPlan</source>
        <translation>Informes de avance — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="92"/>
        <source>Reports due</source>
        <translation>Informes pendientes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="97"/>
        <source>No.</source>
        <translation>N.º</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="97"/>
        <source>Point</source>
        <translation>Punto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="97"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="98"/>
        <source>Revisions</source>
        <translation>Revisiones</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="99"/>
        <source>Points of our plan</source>
        <translation>Puntos de nuestro plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="102"/>
        <source>&amp;Import values from CSV...</source>
        <translation>Importar valores desde &amp;CSV...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="111"/>
        <source>Our &amp;reports</source>
        <translation>Nuestros &amp;informes</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="112"/>
        <source>Coalition: &amp;by point</source>
        <translation>Coalición: por p&amp;unto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="113"/>
        <source>Coalition: &amp;members × points</source>
        <translation>Coalición: &amp;miembros × puntos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="114"/>
        <source>Coalition: &amp;gaps</source>
        <translation>Coalición: &amp;lagunas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="117"/>
        <source>Coalition: c&amp;harts</source>
        <translation>Coalición: grá&amp;ficos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="137"/>
        <source>Points we &amp;work on:</source>
        <translation>Puntos en los que &amp;trabajamos:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="156"/>
        <source>Reporting &amp;period:</source>
        <translation>&amp;Periodo de informe:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="226"/>
        <source>Our local plan: {title}</source>
        <translation>Nuestro plan local: {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="228"/>
        <location filename="../../stratplan/ui/progress/window.py" line="362"/>
        <source>We have no local plan yet: start one in the programme window.</source>
        <translation>Aún no tenemos plan local: empiece uno en la ventana del programa.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="246"/>
        <source>no report yet</source>
        <translation>aún sin informe</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="252"/>
        <source>{title}: two corrections were made without seeing each other; check the report and save it again to settle it.</source>
        <translation>{title}: se hicieron dos correcciones sin verse entre sí; revise el informe y guárdelo de nuevo para resolverlo.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="259"/>
        <source>{name}: {start} to {end}, due {due}</source>
        <translation>{name}: del {start} al {end}, vence el {due}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="261"/>
        <source> (current)</source>
        <translation> (actual)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="268"/>
        <source>Overdue since {due}: {period}, {number} {title}</source>
        <translation>Atrasado desde el {due}: {period}, {number} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="271"/>
        <source>Due on {due}: {period}, {number} {title}</source>
        <translation>Vence el {due}: {period}, {number} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="273"/>
        <source>No update yet for {period}: {number} {title}</source>
        <translation>Aún sin actualización para {period}: {number} {title}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="285"/>
        <source>Reminders: {late}, {soon}, {waiting}. Click one to open it.</source>
        <translation>Recordatorios: {late}, {soon}, {waiting}. Haga clic en uno para abrirlo.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="286"/>
        <source>%n reports overdue</source>
        <translation>
            <numerusform>%n informe atrasado</numerusform>
            <numerusform>%n informes atrasados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="286"/>
        <source>%n due within 14 days</source>
        <translation>
            <numerusform>%n vence en 14 días</numerusform>
            <numerusform>%n vencen en 14 días</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="287"/>
        <source>%n points without an update this period</source>
        <translation>
            <numerusform>%n punto sin actualización en este periodo</numerusform>
            <numerusform>%n puntos sin actualización en este periodo</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="329"/>
        <source>Select a point of our plan first.</source>
        <translation>Primero seleccione un punto de nuestro plan.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="336"/>
        <source>Report saved for {number}.</source>
        <translation>Informe guardado para {number}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="344"/>
        <source>Save a sheet of our points</source>
        <translation>Guardar una hoja de nuestros puntos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="352"/>
        <source>Cannot write {path}: {why}</source>
        <translation>No se puede escribir {path}: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="355"/>
        <source>Saved {name}: fill it in, then import it.</source>
        <translation>Guardado {name}: rellénelo y luego impórtelo.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="365"/>
        <source>Import progress values</source>
        <translation>Importar valores de avance</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="345"/>
        <location filename="../../stratplan/ui/progress/window.py" line="365"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Archivos CSV (*.csv);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="103"/>
        <source>S&amp;ave a CSV sheet to fill in...</source>
        <translation>Plantilla CSV de e&amp;jemplo para rellenar...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/window.py" line="371"/>
        <source>Cannot read {path}: {why}</source>
        <translation>No se puede leer {path}: {why}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/progress/window.py" line="378"/>
        <source>%n reports imported.</source>
        <translation>
            <numerusform>%n informe importado.</numerusform>
            <numerusform>%n informes importados.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProposalEditor</name>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="50"/>
        <source>A short, clear name for the plan point</source>
        <translation>Un nombre breve y claro para el punto del plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="54"/>
        <source>One action per line</source>
        <translation>Una acción por línea</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="57"/>
        <source>Indicator</source>
        <translation>Indicador</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="57"/>
        <source>Baseline</source>
        <translation>Valor de partida</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="57"/>
        <source>Target</source>
        <translation>Meta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="57"/>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="61"/>
        <source>Add indicator</source>
        <translation>Añadir indicador</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="62"/>
        <source>Remove indicator</source>
        <translation>Quitar indicador</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="67"/>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-DD</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="75"/>
        <source>Comma-separated, e.g. police, training</source>
        <translation>Separadas por comas, p. ej., policía, formación</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="80"/>
        <source>Reason (needed when withdrawn or rejected)</source>
        <translation>Motivo (obligatorio si se retira o se rechaza)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="82"/>
        <source>The full text, in Markdown: ## headings, **bold**, lists...</source>
        <translation>El texto completo, en Markdown: ## títulos, **negrita**, listas...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="84"/>
        <source>Full text (Markdown)</source>
        <translation>Texto completo (Markdown)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="85"/>
        <source>Preview of the full text</source>
        <translation>Vista previa del texto completo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="86"/>
        <source>Start date</source>
        <translation>Fecha de inicio</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="87"/>
        <source>End date</source>
        <translation>Fecha de fin</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="88"/>
        <source>Reason for the status</source>
        <translation>Motivo del estado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="100"/>
        <source>T&amp;itle</source>
        <translation>&amp;Título</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="101"/>
        <source>Su&amp;mmary</source>
        <translation>Re&amp;sumen</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="102"/>
        <source>&amp;Objective</source>
        <translation>Ob&amp;jetivo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="103"/>
        <source>&amp;Actions</source>
        <translation>Acc&amp;iones</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="89"/>
        <location filename="../../stratplan/ui/widgets/editor.py" line="111"/>
        <source>Indicators</source>
        <translation>Indicadores</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="112"/>
        <source>&amp;Responsible</source>
        <translation>Respo&amp;nsable</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="115"/>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="118"/>
        <source>Timeline</source>
        <translation>Calendario</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="119"/>
        <source>Resources / &amp;budget</source>
        <translation>Rec&amp;ursos / presupuesto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="120"/>
        <source>&amp;Level</source>
        <translation>Ni&amp;vel</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="121"/>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/widgets/editor.py" line="125"/>
        <source>Stat&amp;us</source>
        <translation>Estad&amp;o</translation>
    </message>
</context>
<context>
    <name>ProposalListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="65"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="66"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="67"/>
        <source>Organisation</source>
        <translation>Organización</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="68"/>
        <source>Author</source>
        <translation>Autor(a)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="69"/>
        <source>Updated</source>
        <translation>Actualizado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/models/proposal_list.py" line="70"/>
        <source>Revisions</source>
        <translation>Revisiones</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="14"/>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="15"/>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="16"/>
        <source>Save All</source>
        <translation>Guardar todo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="17"/>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="18"/>
        <source>&amp;Yes</source>
        <translation>&amp;Sí</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="19"/>
        <source>Yes to &amp;All</source>
        <translation>Sí a &amp;todo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="20"/>
        <source>&amp;No</source>
        <translation>&amp;No</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="21"/>
        <source>N&amp;o to All</source>
        <translation>N&amp;o a todo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="22"/>
        <source>Abort</source>
        <translation>Anular</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="23"/>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="24"/>
        <source>Ignore</source>
        <translation>Ignorar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="25"/>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="26"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="27"/>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="28"/>
        <source>Help</source>
        <translation>Ayuda</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="29"/>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="30"/>
        <source>Reset</source>
        <translation>Restablecer</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/qt_words.py" line="31"/>
        <source>Restore Defaults</source>
        <translation>Restaurar valores predeterminados</translation>
    </message>
</context>
<context>
    <name>QProgressDialog</name>
    <message>
        <location filename="../../stratplan/ui/workers.py" line="80"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>RankingOrderModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="132"/>
        <source>Place</source>
        <translation>Puesto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="132"/>
        <source>Proposal</source>
        <translation>Propuesta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="132"/>
        <source>Borda points</source>
        <translation>Puntos Borda</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/result_models.py" line="150"/>
        <source>{place} (tied)</source>
        <translation>{place} (empate)</translation>
    </message>
</context>
<context>
    <name>ReleaseChoice</name>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="106"/>
        <source>Release:</source>
        <translation>Versión publicada:</translation>
    </message>
</context>
<context>
    <name>ReleaseDialog</name>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="34"/>
        <source>Create release</source>
        <translation>Publicar una versión</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="38"/>
        <source>e.g. Paris 2026, v1</source>
        <translation>p. ej., París 2026, v1</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="39"/>
        <source>&amp;Name of this version:</source>
        <translation>&amp;Nombre de esta versión:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="44"/>
        <source>(untitled)</source>
        <translation>(sin título)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="45"/>
        <source>What goes into the release</source>
        <translation>Qué entra en la versión publicada</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="43"/>
        <source>{title} — %n points</source>
        <translation>
            <numerusform>{title} — %n punto</numerusform>
            <numerusform>{title} — %n puntos</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="46"/>
        <source>The release freezes {points} in {sections} as they stand now. It cannot be changed afterwards.</source>
        <translation>La versión publicada fija {points} en {sections} tal como están ahora. Después no se podrá modificar.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="48"/>
        <source>%n points</source>
        <translation>
            <numerusform>%n punto</numerusform>
            <numerusform>%n puntos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="48"/>
        <source>%n sections</source>
        <translation>
            <numerusform>%n sección</numerusform>
            <numerusform>%n secciones</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="60"/>
        <source>What goes in:</source>
        <translation>Qué entra:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="77"/>
        <source>Place at least one point in a section before releasing the programme.</source>
        <translation>Coloque al menos un punto en una sección antes de publicar el programa.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="79"/>
        <source>Give the release a name.</source>
        <translation>Ponga un nombre a la versión publicada.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/programme/release_dialog.py" line="81"/>
        <source>There is already a release named “{name}”. Choose another name.</source>
        <translation>Ya existe una versión publicada llamada «{name}». Elija otro nombre.</translation>
    </message>
</context>
<context>
    <name>ReportForm</name>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="93"/>
        <source>Required when the point is dropped</source>
        <translation>Obligatorio si se abandona el punto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="98"/>
        <source>This point has no indicators.</source>
        <translation>Este punto no tiene indicadores.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="100"/>
        <source>What happened in this period</source>
        <translation>Qué ocurrió en este periodo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="102"/>
        <source>One per line: a file name or a link</source>
        <translation>Uno por línea: un nombre de archivo o un enlace</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="103"/>
        <source>&amp;Save report</source>
        <translation>&amp;Guardar informe</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="105"/>
        <source>Revisions of this report</source>
        <translation>Revisiones de este informe</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="111"/>
        <source>S&amp;tatus:</source>
        <translation>E&amp;stado:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="112"/>
        <source>Reason if dr&amp;opped:</source>
        <translation>Motivo si se aban&amp;dona:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="113"/>
        <source>Actual values:</source>
        <translation>Valores reales:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="115"/>
        <source>&amp;Narrative:</source>
        <translation>&amp;Narración:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="116"/>
        <source>E&amp;vidence:</source>
        <translation>E&amp;videncias:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="117"/>
        <source>Revisions:</source>
        <translation>Revisiones:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="149"/>
        <source>Indicator</source>
        <translation>Indicador</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="61"/>
        <location filename="../../stratplan/ui/progress/report_form.py" line="149"/>
        <source>Actual value</source>
        <translation>Valor real</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="48"/>
        <source>Target: {target} {unit}</source>
        <translation>Meta: {target} {unit}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="52"/>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-DD</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="54"/>
        <source>Means of verification</source>
        <translation>Medio de verificación</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="62"/>
        <location filename="../../stratplan/ui/progress/report_form.py" line="149"/>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="63"/>
        <location filename="../../stratplan/ui/progress/report_form.py" line="150"/>
        <source>Source</source>
        <translation>Fuente</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="168"/>
        <source>Select a point of our plan to report on it.</source>
        <translation>Seleccione un punto de nuestro plan para informar sobre él.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="173"/>
        <source>{number} {title} — {period}</source>
        <translation>{number} {title} — {period}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/progress/report_form.py" line="192"/>
        <source>#{n}  {when}  {author}: {status}</source>
        <translation>n.º {n}  {when}  {author}: {status}</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="91"/>
        <source>Result per point</source>
        <translation>Resultado por punto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="97"/>
        <source>Order of the points</source>
        <translation>Orden de los puntos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="102"/>
        <source>&lt;b&gt;Head-to-head contests&lt;/b&gt; (each row against each column)</source>
        <translation>&lt;b&gt;Enfrentamientos por pares&lt;/b&gt; (cada fila contra cada columna)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="103"/>
        <source>Head-to-head contests between the points</source>
        <translation>Enfrentamientos por pares entre los puntos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="106"/>
        <source>Each cell explains its pair when selected.</source>
        <translation>Cada celda seleccionada explica su par.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="109"/>
        <source>▲ the row&apos;s point wins the contest against the column&apos;s, ▼ it loses, = a tie (the colour says the same). The number is how many organisations ranked the row&apos;s point above the column&apos;s; in brackets, the strength of the strongest path from row to column, which Schulze compares. Select a cell to read its pair in words.</source>
        <translation>▲ el punto de la fila gana el enfrentamiento al de la columna, ▼ lo pierde, = empate (el color dice lo mismo). El número indica cuántas organizaciones clasificaron el punto de la fila por encima del de la columna; entre paréntesis, la fuerza del camino más fuerte de la fila a la columna, que es lo que compara Schulze. Seleccione una celda para leer su par en palabras.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="114"/>
        <source>The selected pair in words</source>
        <translation>El par seleccionado en palabras</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="116"/>
        <source>Grades per point</source>
        <translation>Calificaciones por punto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="121"/>
        <source>Columns 0 to 5: how many organisations gave each grade. The majority grade is the median of all grades, a blank counting as 0; it decides the order.</source>
        <translation>Columnas 0 a 5: cuántas organizaciones dieron cada calificación. La mención mayoritaria es la mediana de todas las calificaciones, contando en blanco como 0; es la que decide el orden.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="124"/>
        <source>How the order was reached</source>
        <translation>Cómo se llegó al orden</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="144"/>
        <source>A point against itself: nothing to compare.</source>
        <translation>Un punto contra sí mismo: nada que comparar.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="159"/>
        <source>&lt;b&gt;The results stay sealed until the round closes.&lt;/b&gt; Until then, only the turnout above is known.</source>
        <translation>&lt;b&gt;Los resultados quedan sellados hasta que se cierre la ronda.&lt;/b&gt; Hasta entonces solo se conoce la participación indicada arriba.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="164"/>
        <source>&lt;b&gt;Provisional:&lt;/b&gt; the round is still open; these figures change as ballots arrive.</source>
        <translation>&lt;b&gt;Provisional:&lt;/b&gt; la ronda sigue abierta; estas cifras cambian a medida que llegan papeletas.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="167"/>
        <source>&lt;b&gt;Final result:&lt;/b&gt; the round is closed.</source>
        <translation>&lt;b&gt;Resultado definitivo:&lt;/b&gt; la ronda está cerrada.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="179"/>
        <source>Order (majority judgment): {order}</source>
        <translation>Orden (juicio mayoritario): {order}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="192"/>
        <source>The quorum is not met: no point is adopted.</source>
        <translation>No se alcanza el quórum: no se adopta ningún punto.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="195"/>
        <source>Support per point</source>
        <translation>Apoyo por punto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="198"/>
        <source>Bars: the support of each point. Dashed line: the threshold ({t}).</source>
        <translation>Barras: el apoyo de cada punto. Línea discontinua: el umbral ({t}).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="212"/>
        <source>Select a cell to read what it says about its pair.</source>
        <translation>Seleccione una celda para leer lo que dice de su par.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="213"/>
        <source>Order (Schulze): {order}</source>
        <translation>Orden (Schulze): {order}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/results_view.py" line="214"/>
        <source>Borda, for comparison: {order}</source>
        <translation>Borda, para comparar: {order}</translation>
    </message>
</context>
<context>
    <name>RetireDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/retire.py" line="18"/>
        <source>Retire plan point</source>
        <translation>Cerrar el punto del plan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/retire.py" line="28"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/retire.py" line="29"/>
        <source>Duplicate of</source>
        <translation>Duplicado de</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/retire.py" line="30"/>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
</context>
<context>
    <name>ReviewedTab</name>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="34"/>
        <source>Review &amp;again</source>
        <translation>Revisar de &amp;nuevo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="35"/>
        <source>Take back “not a duplicate”: the pair can be suggested again.</source>
        <translation>Retirar «no es un duplicado»: el par podrá sugerirse de nuevo.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="36"/>
        <source>Remove the related &amp;link</source>
        <translation>Quitar el &amp;vínculo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="37"/>
        <source>No pair reviewed yet. Pairs dismissed as not duplicates and points linked as related are listed here, on every laptop of the coalition.</source>
        <translation>Aún no se ha revisado ningún par. Los pares descartados como no duplicados y los puntos vinculados aparecen aquí, en cada portátil de la coalición.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="42"/>
        <source>Pairs already reviewed (never suggested again):</source>
        <translation>Pares ya revisados (no se vuelven a sugerir):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="64"/>
        <source>Not a duplicate ({org})</source>
        <translation>No es un duplicado ({org})</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/consolidation/reviewed.py" line="66"/>
        <source>Related ({org})</source>
        <translation>Relacionados ({org})</translation>
    </message>
</context>
<context>
    <name>RevisionListModel</name>
    <message>
        <location filename="../../stratplan/ui/models/simple_lists.py" line="107"/>
        <source>#{n}  {when}  {author} ({org})</source>
        <translation>n.º {n}  {when}  {author} ({org})</translation>
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
        <translation>Funciones</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="51"/>
        <source>Role</source>
        <translation>Función</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="51"/>
        <source>Organisation</source>
        <translation>Organización</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="51"/>
        <source>Working group</source>
        <translation>Grupo de trabajo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="59"/>
        <source>Make &amp;coordinator...</source>
        <translation>Nombrar &amp;responsable de grupo...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="60"/>
        <source>Make co&amp;nvener...</source>
        <translation>Nombrar &amp;coordinadora...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="61"/>
        <source>&amp;Revoke</source>
        <translation>Re&amp;tirar</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="94"/>
        <source>Convener</source>
        <translation>Coordinadora de la coalición</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="94"/>
        <source>Coordinator</source>
        <translation>Responsable de grupo</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="99"/>
        <source>Only a convener grants and revokes roles; your organisation is not one.</source>
        <translation>Solo una coordinadora de la coalición asigna y retira funciones; su organización no lo es.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="113"/>
        <source>Organisation:</source>
        <translation>Organización:</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/roles_dialog.py" line="116"/>
        <source>Working group:</source>
        <translation>Grupo de trabajo:</translation>
    </message>
</context>
<context>
    <name>RollCallModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="167"/>
        <source>Organisation</source>
        <translation>Organización</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="167"/>
        <source>Vote</source>
        <translation>Voto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="167"/>
        <source>Through</source>
        <translation>A través de</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="178"/>
        <source>in person</source>
        <translation>en persona</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="180"/>
        <source>by delegation</source>
        <translation>por delegación</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="182"/>
        <source>did not vote</source>
        <translation>no votó</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="183"/>
        <source>gave its vote to {org}, who did not vote</source>
        <translation>dio su voto a {org}, que no votó</translation>
    </message>
</context>
<context>
    <name>RosterDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="192"/>
        <source>Coalition and laptops</source>
        <translation>Coalición y ordenadores</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="199"/>
        <source>Organisation / laptop</source>
        <translation>Organización / ordenador</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="199"/>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="199"/>
        <source>Key fingerprint</source>
        <translation>Huella de la clave</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="200"/>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="207"/>
        <source>&amp;Admit an organisation...</source>
        <translation>&amp;Admitir una organización...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="208"/>
        <source>&amp;Certify our other laptop...</source>
        <translation>&amp;Certificar nuestro otro ordenador...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="209"/>
        <source>&amp;Revoke the selected laptop...</source>
        <translation>&amp;Revocar el ordenador seleccionado...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="221"/>
        <source>This store is waiting for the reply to its join request.</source>
        <translation>Esta base de datos espera la respuesta a su solicitud de adhesión.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="222"/>
        <source>This coalition is not set up for sharing (the demo, or a store made before sharing existed).</source>
        <translation>Esta coalición no está configurada para compartir (la demo, o una base de datos creada antes de que existiera la función de compartir).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="227"/>
        <source>{name}: roster version {version}. Compare the fingerprints aloud with each organisation.</source>
        <translation>{name}: lista de miembros, versión {version}. Compare las huellas en voz alta con cada organización.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="231"/>
        <source>convener</source>
        <translation>coordinadora</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="236"/>
        <source>this laptop</source>
        <translation>este ordenador</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="238"/>
        <source>revoked from change #{n}</source>
        <translation>revocado desde el cambio n.º {n}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="248"/>
        <source>Held changes: {n}.</source>
        <translation>Cambios en espera: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="251"/>
        <source>Last heard from: {peers}.</source>
        <translation>Último contacto: {peers}.</translation>
    </message>
</context>
<context>
    <name>RoundListModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="101"/>
        <source>Round</source>
        <translation>Ronda de votación</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="101"/>
        <source>Method</source>
        <translation>Método</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="101"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="101"/>
        <source>Ballots</source>
        <translation>Papeletas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="113"/>
        <source>Approval</source>
        <translation>Aprobación</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="113"/>
        <source>Ranking</source>
        <translation>Clasificación</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="113"/>
        <source>Score</source>
        <translation>Puntuación</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="114"/>
        <source>Open</source>
        <translation>Abierta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="114"/>
        <source>Closed</source>
        <translation>Cerrada</translation>
    </message>
</context>
<context>
    <name>ScoreTableModel</name>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="282"/>
        <source>Proposal</source>
        <translation>Propuesta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="282"/>
        <source>Blank</source>
        <translation>En blanco</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="282"/>
        <source>Mean</source>
        <translation>Media</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="283"/>
        <source>Median</source>
        <translation>Mediana</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/models.py" line="283"/>
        <source>Majority grade</source>
        <translation>Mención mayoritaria</translation>
    </message>
</context>
<context>
    <name>SendDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="95"/>
        <source>Send changes</source>
        <translation>Enviar cambios</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="97"/>
        <source>&amp;Everything this laptop holds (safe for anyone)</source>
        <translation>&amp;Todo lo que tiene este ordenador (seguro para cualquiera)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="102"/>
        <source>Only what {peer} has not seen yet</source>
        <translation>Solo lo que {peer} aún no ha visto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="106"/>
        <source>Once you have received changes from someone, you can send them only what they lack.</source>
        <translation>Cuando haya recibido cambios de alguien, podrá enviarle solo lo que le falta.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/settings_dialog.py" line="18"/>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/settings_dialog.py" line="24"/>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
</context>
<context>
    <name>SharingActions</name>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="65"/>
        <source>&amp;Send changes...</source>
        <translation>&amp;Enviar cambios...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="66"/>
        <source>&amp;Receive changes...</source>
        <translation>&amp;Recibir cambios...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="68"/>
        <source>Sync the shared &amp;folder now</source>
        <translation>Sincronizar la &amp;carpeta compartida ahora</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="69"/>
        <source>Ch&amp;oose the shared folder...</source>
        <translation>Ele&amp;gir la carpeta compartida...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="70"/>
        <source>Sync with a PostgreSQL &amp;hub...</source>
        <translation>Sincronizar con un &amp;servidor central PostgreSQL...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="72"/>
        <source>&amp;Coalition and laptops...</source>
        <translation>C&amp;oalición y ordenadores...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="116"/>
        <source>Writing the bundle...</source>
        <translation>Escribiendo el paquete...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="125"/>
        <source>Send changes</source>
        <translation>Enviar cambios</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="126"/>
        <location filename="../../stratplan/ui/sharing_actions.py" line="134"/>
        <source>StratPlan bundles (*.stratplan *.bundle);;All files (*)</source>
        <translation>Paquetes de StratPlan (*.stratplan *.bundle);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="133"/>
        <source>Receive changes</source>
        <translation>Recibir cambios</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="140"/>
        <source>Checking and importing...</source>
        <translation>Comprobando e importando...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="154"/>
        <source>Choose the shared folder</source>
        <translation>Elegir la carpeta compartida</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="181"/>
        <source>Syncing the shared folder...</source>
        <translation>Sincronizando la carpeta compartida...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="196"/>
        <source>PostgreSQL hub</source>
        <translation>Servidor central PostgreSQL</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="197"/>
        <source>Hub address (postgresql+psycopg://user:password@host/db):</source>
        <translation>Dirección del servidor central (postgresql+psycopg://usuario:contraseña@servidor/base):</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="205"/>
        <source>Syncing with the hub...</source>
        <translation>Sincronizando con el servidor central...</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="120"/>
        <source>Wrote %n changes to {file}.</source>
        <translation>
            <numerusform>Se escribió %n cambio en {file}.</numerusform>
            <numerusform>Se escribieron %n cambios en {file}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="145"/>
        <source>Received %n new changes.</source>
        <translation>
            <numerusform>Se recibió %n cambio nuevo.</numerusform>
            <numerusform>Se recibieron %n cambios nuevos.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="186"/>
        <source>Shared folder: {wrote}, {received}.</source>
        <translation>Carpeta compartida: {wrote}, {received}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="187"/>
        <source>wrote %n changes</source>
        <translation>
            <numerusform>%n cambio escrito</numerusform>
            <numerusform>%n cambios escritos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="188"/>
        <source>received %n new changes</source>
        <translation>
            <numerusform>%n cambio nuevo recibido</numerusform>
            <numerusform>%n cambios nuevos recibidos</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="212"/>
        <source>Hub: {sent}, {received}.</source>
        <translation>Servidor central: {sent}, {received}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="213"/>
        <source>sent %n changes</source>
        <translation>
            <numerusform>%n cambio enviado</numerusform>
            <numerusform>%n cambios enviados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/sharing_actions.py" line="214"/>
        <source>received %n changes</source>
        <translation>
            <numerusform>%n cambio recibido</numerusform>
            <numerusform>%n cambios recibidos</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="250"/>
        <source>Join requests (*.request *.json);;All files (*)</source>
        <translation>Solicitudes de adhesión (*.request *.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="261"/>
        <source>Compare the fingerprint</source>
        <translation>Compare la huella</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="265"/>
        <location filename="../../stratplan/ui/sharing_actions.py" line="268"/>
        <source>Admit an organisation</source>
        <translation>Admitir una organización</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="269"/>
        <source>This request is from a second laptop: its own organisation certifies it.</source>
        <translation>Esta solicitud viene de un segundo ordenador: lo certifica su propia organización.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="273"/>
        <source>Admit {name} ({code}, {country})?

Ask them to read their key&apos;s fingerprint aloud; it must be:
{fp}</source>
        <translation>¿Admitir a {name} ({code}, {country})?

Pídales que lean en voz alta la huella de su clave; debe ser:
{fp}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="286"/>
        <source>Certify our other laptop</source>
        <translation>Certificar nuestro otro ordenador</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="290"/>
        <source>Certify the laptop &apos;{label}&apos; for your organisation?

Its fingerprint must be:
{fp}</source>
        <translation>¿Certificar el ordenador «{label}» para su organización?

Su huella debe ser:
{fp}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="302"/>
        <location filename="../../stratplan/ui/sharing_actions.py" line="305"/>
        <source>Revoke a laptop</source>
        <translation>Revocar un ordenador</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="302"/>
        <source>Select a laptop first.</source>
        <translation>Primero seleccione un ordenador.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/sharing_actions.py" line="306"/>
        <source>Revoke laptop {id}? Changes it makes from now on will be ignored by every laptop; what it made before stays.</source>
        <translation>¿Revocar el ordenador {id}? Todos los ordenadores ignorarán los cambios que haga a partir de ahora; lo que hizo antes se mantiene.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="117"/>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="119"/>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="120"/>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="120"/>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/help_dialogs.py" line="120"/>
        <source>Keys</source>
        <translation>Teclas</translation>
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
            <numerusform>%n cambio nuevo</numerusform>
            <numerusform>%n cambios nuevos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="130"/>
        <source>%n already here</source>
        <translation>
            <numerusform>%n ya estaba aquí</numerusform>
            <numerusform>%n ya estaban aquí</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="132"/>
        <source>This laptop has joined the coalition.</source>
        <translation>Este ordenador se ha unido a la coalición.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="134"/>
        <source>%n new proposals</source>
        <translation>
            <numerusform>%n propuesta nueva</numerusform>
            <numerusform>%n propuestas nuevas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="135"/>
        <source>%n revisions</source>
        <translation>
            <numerusform>%n revisión</numerusform>
            <numerusform>%n revisiones</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="136"/>
        <source>%n ballots</source>
        <translation>
            <numerusform>%n papeleta</numerusform>
            <numerusform>%n papeletas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="137"/>
        <source>%n comments</source>
        <translation>
            <numerusform>%n comentario</numerusform>
            <numerusform>%n comentarios</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="138"/>
        <source>%n with conflicts</source>
        <translation>
            <numerusform>%n con conflictos</numerusform>
            <numerusform>%n con conflictos</numerusform>
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
            <numerusform>  %n cambio espera a que se admita a su organización.</numerusform>
            <numerusform>  %n cambios esperan a que se admita a su organización.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="144"/>
        <source>  %n changes wait for earlier changes not received yet.</source>
        <translation>
            <numerusform>  %n cambio espera cambios anteriores que aún no se han recibido.</numerusform>
            <numerusform>  %n cambios esperan cambios anteriores que aún no se han recibido.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="147"/>
        <source>  %n changes from revoked laptops are ignored.</source>
        <translation>
            <numerusform>  Se ignora %n cambio de un ordenador revocado.</numerusform>
            <numerusform>  Se ignoran %n cambios de ordenadores revocados.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="170"/>
        <source>Changes received</source>
        <translation>Cambios recibidos</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="174"/>
        <source>Shared folder: {folder}</source>
        <translation>Carpeta compartida: {folder}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="175"/>
        <source>Wrote %n changes.</source>
        <translation>
            <numerusform>Se escribió %n cambio.</numerusform>
            <numerusform>Se escribieron %n cambios.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="178"/>
        <source>{file}: still being copied; tried again next time.</source>
        <translation>{file}: todavía se está copiando; se reintentará la próxima vez.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="181"/>
        <source>{file}: refused: {reason}</source>
        <translation>{file}: rechazado: {reason}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/sharing_dialogs.py" line="183"/>
        <source>Shared folder</source>
        <translation>Carpeta compartida</translation>
    </message>
</context>
<context>
    <name>ToolWindow</name>
    <message>
        <location filename="../../stratplan/ui/widgets/window_keys.py" line="12"/>
        <source>Close window</source>
        <translation>Cerrar la ventana</translation>
    </message>
</context>
<context>
    <name>VotingTexts</name>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="22"/>
        <source>{part} of {whole}</source>
        <translation>{part} de {whole}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="31"/>
        <source>Turnout: {cast} of {total} organisations have voted, weight {share}.</source>
        <translation>Participación: han votado {cast} de {total} organizaciones, peso {share}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="36"/>
        <source>Turnout: {cast} of {total} organisations have voted ({pct}).</source>
        <translation>Participación: han votado {cast} de {total} organizaciones ({pct}).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="40"/>
        <source>Quorum {quorum} ({needed} needed): met.</source>
        <translation>Quórum {quorum} (se necesitan {needed}): alcanzado.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="41"/>
        <source>Quorum {quorum} ({needed} needed): not met.</source>
        <translation>Quórum {quorum} (se necesitan {needed}): no alcanzado.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="49"/>
        <source>of those who expressed a view (yes or no)</source>
        <translation>de quienes se pronunciaron (sí o no)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="51"/>
        <source>of the whole electorate</source>
        <translation>del conjunto del electorado</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="52"/>
        <source>Approval: a point is adopted with the support of at least {threshold} {basis}; quorum {quorum} of the electorate.</source>
        <translation>Aprobación: un punto se adopta con el apoyo de al menos {threshold} {basis}; quórum de {quorum} del electorado.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="57"/>
        <source>Ranking: the order is counted by Schulze (Borda beside it for comparison); quorum {quorum} of the electorate.</source>
        <translation>Clasificación: el orden se cuenta con el método Schulze (Borda al lado para comparar); quórum de {quorum} del electorado.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="60"/>
        <source>Score from 0 to 5: the order is the majority grade (majority judgment); quorum {quorum} of the electorate.</source>
        <translation>Puntuación de 0 a 5: el orden sigue la mención mayoritaria (juicio mayoritario); quórum de {quorum} del electorado.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="69"/>
        <source>{x} against {y}: {a} ranked {x} above {y}; {b} ranked {y} above {x}.</source>
        <translation>{x} contra {y}: {a} clasificaron {x} por encima de {y}; {b} clasificaron {y} por encima de {x}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="76"/>
        <source>Strongest path from {a} to {b}: {path}, strength {s}.</source>
        <translation>Camino más fuerte de {a} a {b}: {path}, fuerza {s}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="80"/>
        <source>No path leads from {a} to {b} (strength 0).</source>
        <translation>Ningún camino lleva de {a} a {b} (fuerza 0).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="83"/>
        <source>So {x} is placed above {y}.</source>
        <translation>Por tanto, {x} queda por encima de {y}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="84"/>
        <source>So {y} is placed above {x}.</source>
        <translation>Por tanto, {y} queda por encima de {x}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="85"/>
        <source>The paths are equally strong: {x} and {y} are tied.</source>
        <translation>Los caminos son igual de fuertes: {x} y {y} empatan.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="95"/>
        <source>{a} and {b} are tied: their strongest paths are equal ({s} each way).</source>
        <translation>{a} y {b} empatan: sus caminos más fuertes son iguales ({s} en cada sentido).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/texts.py" line="98"/>
        <source>Why {a} is above {b}: strongest path {path} of strength {s}, against {r} the other way.</source>
        <translation>Por qué {a} está por encima de {b}: camino más fuerte {path}, de fuerza {s}, frente a {r} en sentido contrario.</translation>
    </message>
</context>
<context>
    <name>VotingWindow</name>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="93"/>
        <source>Voting rounds — StratPlan</source>
        <translation>Rondas de votación — StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="117"/>
        <source>Voting rounds</source>
        <translation>Rondas de votación</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="133"/>
        <source>&amp;New round...</source>
        <translation>&amp;Nueva ronda...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="134"/>
        <source>C&amp;lose round</source>
        <translation>C&amp;errar la ronda</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="135"/>
        <source>&amp;Import ballots...</source>
        <translation>&amp;Importar papeletas...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="136"/>
        <source>E&amp;xport ballots...</source>
        <translation>E&amp;xportar papeletas...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="137"/>
        <source>Export re&amp;sults...</source>
        <translation>Exportar re&amp;sultados...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="154"/>
        <source>&amp;Cast our ballot</source>
        <translation>E&amp;mitir nuestra papeleta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="158"/>
        <source>&amp;Give our vote...</source>
        <translation>&amp;Dar nuestro voto...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="159"/>
        <source>&amp;Withdraw our vote</source>
        <translation>Re&amp;tirar nuestro voto</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="176"/>
        <source>Results of the round</source>
        <translation>Resultados de la ronda</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="179"/>
        <source>Ballots received</source>
        <translation>Papeletas recibidas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="183"/>
        <source>Our ballot, results and ballots received</source>
        <translation>Nuestra papeleta, resultados y papeletas recibidas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="184"/>
        <source>Our &amp;ballot</source>
        <translation>Nuestra &amp;papeleta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="185"/>
        <source>&amp;Results</source>
        <translation>&amp;Resultados</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="186"/>
        <source>Ballots recei&amp;ved</source>
        <translation>Papeletas reci&amp;bidas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="189"/>
        <source>Roll call</source>
        <translation>Lista nominal</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="192"/>
        <source>R&amp;oll call</source>
        <translation>&amp;Lista nominal</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="232"/>
        <source>Not counted: “{title}” — {why}</source>
        <translation>No cuenta: «{title}» — {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="315"/>
        <source>No voting round yet. Open one with “New round”.</source>
        <translation>Todavía no hay ninguna ronda de votación. Abra una con «Nueva ronda».</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="352"/>
        <source>Our vote is given to {org}: its ballot counts for us, unless we cast our own.</source>
        <translation>Nuestro voto está dado a {org}: su papeleta cuenta por nosotros, salvo que emitamos la nuestra.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="355"/>
        <source>Our vote is given to {org}, but our own ballot stands.</source>
        <translation>Nuestro voto está dado a {org}, pero cuenta nuestra propia papeleta.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="357"/>
        <source>Our vote given to {org} does not count: {why}.</source>
        <translation>Nuestro voto dado a {org} no cuenta: {why}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="366"/>
        <source>open, closes {date}</source>
        <translation>abierta, cierra el {date}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="367"/>
        <source>open</source>
        <translation>abierta</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="369"/>
        <source>closed</source>
        <translation>cerrada</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="398"/>
        <source>Our vote is given to {org}.</source>
        <translation>Nuestro voto está dado a {org}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="406"/>
        <source>Our vote is ours again.</source>
        <translation>Nuestro voto vuelve a ser nuestro.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="461"/>
        <source>Ballots recorded from {file}: {n}.</source>
        <translation>Papeletas registradas desde {file}: {n}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="382"/>
        <source>Your organisation&apos;s ballot was recorded.</source>
        <translation>Se ha registrado la papeleta de su organización.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="434"/>
        <source>The round is closed; its results are final.</source>
        <translation>La ronda está cerrada; sus resultados son definitivos.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="439"/>
        <source>Import ballots</source>
        <translation>Importar papeletas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="439"/>
        <location filename="../../stratplan/ui/voting/window.py" line="467"/>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="452"/>
        <source>Cannot read {path}: {why}</source>
        <translation>No se puede leer {path}: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="467"/>
        <source>Export ballots</source>
        <translation>Exportar papeletas</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="488"/>
        <location filename="../../stratplan/ui/voting/window.py" line="520"/>
        <source>Cannot write {path}: {why}</source>
        <translation>No se puede escribir {path}: {why}</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="491"/>
        <source>Blank ballot sheet written to {path} (the ballots cast stay sealed until the round closes).</source>
        <translation>Hoja de papeletas en blanco escrita en {path} (las papeletas emitidas quedan selladas hasta que se cierre la ronda).</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="492"/>
        <source>Ballots written to {path}.</source>
        <translation>Papeletas escritas en {path}.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="498"/>
        <source>Export results</source>
        <translation>Exportar resultados</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="499"/>
        <source>Word document (*.docx);;CSV files (*.csv)</source>
        <translation>Documento de Word (*.docx);;Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/voting/window.py" line="523"/>
        <source>Results written to {path}.</source>
        <translation>Resultados escritos en {path}.</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="13"/>
        <source>Welcome to StratPlan</source>
        <translation>Le damos la bienvenida a StratPlan</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="17"/>
        <source>This store is empty. You can explore StratPlan with a fictional demo coalition (33 organisations from 26 countries), start your own coalition, join one, or open another store.</source>
        <translation>Esta base de datos está vacía. Puede explorar StratPlan con una coalición de demostración ficticia (33 organizaciones de 26 países), crear su propia coalición, unirse a una o abrir otra base de datos.</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="22"/>
        <source>Load the &amp;demo coalition</source>
        <translation>Cargar la coalición de &amp;demostración</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="23"/>
        <source>Start a &amp;new coalition...</source>
        <translation>Crear una &amp;nueva coalición...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="24"/>
        <source>&amp;Join a coalition...</source>
        <translation>&amp;Unirse a una coalición...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="25"/>
        <source>&amp;Open another store...</source>
        <translation>&amp;Abrir otra base de datos...</translation>
    </message>
    <message>
        <location filename="../../stratplan/ui/dialogs/welcome.py" line="28"/>
        <source>&amp;Receive the reply to your join request...</source>
        <translation>&amp;Recibir la respuesta a su solicitud de adhesión...</translation>
    </message>
</context>
<context>
    <name>_Job</name>
    <message>
        <location filename="../../stratplan/ui/workers.py" line="38"/>
        <source>Cancelled; nothing was changed.</source>
        <translation>Cancelado; no se ha cambiado nada.</translation>
    </message>
</context>
</TS>
