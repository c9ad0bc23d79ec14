<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>Handoff::Actor</name>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
</context>
<context>
    <name>Handoff::AddSendersDialog</name>
    <message>
        <source>%1 &lt;%2&gt;</source>
        <translation>%1 &lt;%2&gt;</translation>
    </message>
    <message>
        <source>Add Senders</source>
        <translation>Agregar remitentes</translation>
    </message>
    <message>
        <source>From the organisation&apos;s roster</source>
        <translation>De la nómina de la organización</translation>
    </message>
    <message>
        <source>Filter roster</source>
        <translation>Filtrar nómina</translation>
    </message>
    <message>
        <source>Filter by name or email</source>
        <translation>Filtrar por nombre o correo electrónico</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>Nómina</translation>
    </message>
    <message>
        <source>Everyone on the roster is on this campaign already.</source>
        <translation>Todas las personas de la nómina ya están en esta campaña.</translation>
    </message>
    <message>
        <source>New senders</source>
        <translation>Remitentes nuevos</translation>
    </message>
    <message>
        <source>New sender&apos;s name</source>
        <translation>Nombre del remitente nuevo</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>New sender&apos;s email</source>
        <translation>Correo electrónico del remitente nuevo</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>opcional</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>Correo &amp;electrónico:</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Crear</translation>
    </message>
    <message>
        <source>Create sender</source>
        <translation>Crear remitente</translation>
    </message>
    <message>
        <source>Put this new sender on the list to add</source>
        <translation>Poner este remitente nuevo en la lista para agregar</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <source>Remove new sender</source>
        <translation>Quitar remitente nuevo</translation>
    </message>
    <message>
        <source>Add them as s&amp;weepers (they answer replies)</source>
        <translation>Agregarlos como &amp;respondedores (contestan las respuestas)</translation>
    </message>
    <message>
        <source>Add as sweepers</source>
        <translation>Agregar como respondedores</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Agregar</translation>
    </message>
    <message>
        <source>A new sender needs a name.</source>
        <translation>Un remitente nuevo necesita un nombre.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is on this campaign already.</source>
        <translation>&quot;%1&quot; ya está en esta campaña.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is on the roster already: tick them above instead.</source>
        <translation>&quot;%1&quot; ya está en la nómina: marcarlo arriba en su lugar.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is on the list of new senders already.</source>
        <translation>&quot;%1&quot; ya está en la lista de remitentes nuevos.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an email address.</source>
        <translation>&quot;%1&quot; no es una dirección de correo electrónico.</translation>
    </message>
    <message>
        <source>Tick senders from the roster, or create new ones.</source>
        <translation>Marcar remitentes de la nómina o crear otros nuevos.</translation>
    </message>
    <message>
        <source>&amp;Texting number:</source>
        <translation>Número de en&amp;vío:</translation>
    </message>
    <message>
        <source>The number this sender texts from: message logs that name no sender are matched by it</source>
        <translation>El número desde el que envía este remitente: los registros de mensajes que no nombran remitente se asocian por él</translation>
    </message>
    <message>
        <source>New sender&apos;s texting number</source>
        <translation>Número de envío del remitente nuevo</translation>
    </message>
    <message>
        <source>optional, e.g. +1 415 555 0100</source>
        <translation>opcional, p. ej. +1 415 555 0100</translation>
    </message>
    <message>
        <source>%1, texts from %2</source>
        <translation>%1, envía desde %2</translation>
    </message>
    <message>
        <source>%1 is already the texting number of &quot;%2&quot;.</source>
        <translation>%1 ya es el número de envío de &quot;%2&quot;.</translation>
    </message>
</context>
<context>
    <name>Handoff::BackgroundTask</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
</context>
<context>
    <name>Handoff::CampaignCommands</name>
    <message>
        <source>Create a campaign.</source>
        <translation>Crear una campaña.</translation>
    </message>
    <message>
        <source>List every campaign with its senders and conversations.</source>
        <translation>Listar todas las campañas con sus remitentes y conversaciones.</translation>
    </message>
    <message>
        <source>Archive a campaign: its conversations can no longer move.</source>
        <translation>Archivar una campaña: sus conversaciones ya no se pueden mover.</translation>
    </message>
    <message>
        <source>Make an archived campaign active again.</source>
        <translation>Volver a activar una campaña archivada.</translation>
    </message>
    <message>
        <source>Create, list, archive and unarchive campaigns.</source>
        <translation>Crear, listar, archivar y desarchivar campañas.</translation>
    </message>
    <message>
        <source>The new campaign&apos;s name, unique.</source>
        <translation>El nombre de la campaña nueva, único.</translation>
    </message>
    <message>
        <source>Created campaign &quot;%1&quot;.</source>
        <translation>Se creó la campaña &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>List every campaign by name, with its senders and conversations.</source>
        <translation>Listar todas las campañas por nombre, con sus remitentes y conversaciones.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Senders</source>
        <translation>Remitentes</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversaciones</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>archivada</translation>
    </message>
    <message>
        <source>active</source>
        <translation>activa</translation>
    </message>
    <message>
        <source>Archive a campaign: it stays readable, but no conversation, sender or contact
of it can change.</source>
        <translation>Archivar una campaña: se puede seguir leyendo, pero ninguna de sus conversaciones,
remitentes o contactos puede cambiar.</translation>
    </message>
    <message>
        <source>The campaign&apos;s name.</source>
        <translation>El nombre de la campaña.</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; is already archived.</source>
        <translation>La campaña &quot;%1&quot; ya está archivada.</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; is already active.</source>
        <translation>La campaña &quot;%1&quot; ya está activa.</translation>
    </message>
    <message>
        <source>Archived campaign &quot;%1&quot;.</source>
        <translation>Se archivó la campaña &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; is active again.</source>
        <translation>La campaña &quot;%1&quot; está activa de nuevo.</translation>
    </message>
    <message>
        <source>Create a demo campaign with realistic contacts and conversations in every status, then
show its counts. The last sender is a sweeper; every tenth contact is unassigned.</source>
        <translation>Crear una campaña de demostración con contactos realistas y conversaciones en todos los estados,
y luego mostrar sus recuentos. El último remitente es respondedor; uno de cada diez contactos queda sin asignar.</translation>
    </message>
    <message>
        <source>The demo campaign&apos;s name (default: %1).</source>
        <translation>El nombre de la campaña de demostración (predeterminado: %1).</translation>
    </message>
    <message>
        <source>How many contacts (default: %1).</source>
        <translation>Cuántos contactos (predeterminado: %1).</translation>
    </message>
    <message>
        <source>How many senders (default: %1).</source>
        <translation>Cuántos remitentes (predeterminado: %1).</translation>
    </message>
    <message>
        <source>Creating the demo campaign…</source>
        <translation>Creando la campaña de demostración…</translation>
    </message>
</context>
<context>
    <name>Handoff::CampaignFiles</name>
    <message>
        <source>Import Contacts</source>
        <translation>Importar contactos</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Archivos CSV (*.csv);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Importando %1…</translation>
    </message>
    <message>
        <source>The import stopped unexpectedly.</source>
        <translation>La importación se detuvo inesperadamente.</translation>
    </message>
    <message>
        <source>Imported 1 contact into &quot;%1&quot;.</source>
        <translation>Se importó 1 contacto en &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Imported %1 contacts into &quot;%2&quot;.</source>
        <translation>Se importaron %1 contactos en &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>The new conversations wait in Unassigned.</source>
        <translation>Las conversaciones nuevas esperan en Sin asignar.</translation>
    </message>
    <message>
        <source>Dealt out: %1.</source>
        <translation>Repartidas: %1.</translation>
    </message>
    <message>
        <source>Contacts Imported</source>
        <translation>Contactos importados</translation>
    </message>
    <message>
        <source>Import Message Events</source>
        <translation>Importar eventos de mensajes</translation>
    </message>
    <message>
        <source>Message logs (*.csv *.jsonl *.ndjson *.json *.gz);;All files (*)</source>
        <translation>Registros de mensajes (*.csv *.jsonl *.ndjson *.json *.gz);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Leyendo %1…</translation>
    </message>
    <message>
        <source>Recorded 1 message in &quot;%1&quot;.</source>
        <translation>Se registró 1 mensaje en &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Recorded %1 messages in &quot;%2&quot;.</source>
        <translation>Se registraron %1 mensajes en &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>1 contact opted out.</source>
        <translation>1 contacto dado de baja.</translation>
    </message>
    <message>
        <source>%1 contacts opted out.</source>
        <translation>%1 contactos dados de baja.</translation>
    </message>
    <message>
        <source>Message Events Imported</source>
        <translation>Eventos de mensajes importados</translation>
    </message>
    <message>
        <source>Export Conversations</source>
        <translation>Exportar conversaciones</translation>
    </message>
    <message>
        <source>%1 conversations.csv</source>
        <translation>%1 conversaciones.csv</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>Escribiendo %1…</translation>
    </message>
    <message>
        <source>The export stopped unexpectedly.</source>
        <translation>La exportación se detuvo inesperadamente.</translation>
    </message>
    <message>
        <source>Exported 1 conversation to %1.</source>
        <translation>Se exportó 1 conversación a %1.</translation>
    </message>
    <message>
        <source>Exported %1 conversations to %2.</source>
        <translation>Se exportaron %1 conversaciones a %2.</translation>
    </message>
    <message>
        <source>Export History</source>
        <translation>Exportar historial</translation>
    </message>
    <message>
        <source>%1 history.csv</source>
        <translation>%1 historial.csv</translation>
    </message>
    <message>
        <source>Exported 1 action to %1.</source>
        <translation>Se exportó 1 acción a %1.</translation>
    </message>
    <message>
        <source>Exported %1 actions to %2.</source>
        <translation>Se exportaron %1 acciones a %2.</translation>
    </message>
    <message>
        <source>Demo Campaign</source>
        <translation>Campaña de demostración</translation>
    </message>
    <message>
        <source>Creating &quot;%1&quot;…</source>
        <translation>Creando &quot;%1&quot;…</translation>
    </message>
    <message>
        <source>The demo campaign was not created.</source>
        <translation>No se creó la campaña de demostración.</translation>
    </message>
    <message>
        <source>Created the demo campaign &quot;%1&quot;.</source>
        <translation>Se creó la campaña de demostración &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Assigned from the export: %1.</source>
        <translation>Asignadas según la exportación: %1.</translation>
    </message>
</context>
<context>
    <name>Handoff::CampaignService</name>
    <message>
        <source>There is no campaign %1.</source>
        <translation>No existe la campaña %1.</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; is archived; its conversations cannot be moved.</source>
        <translation>La campaña &quot;%1&quot; está archivada; sus conversaciones no se pueden mover.</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; is archived; its senders cannot change.</source>
        <translation>La campaña &quot;%1&quot; está archivada; sus remitentes no pueden cambiar.</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; is archived; no contacts can be added.</source>
        <translation>La campaña &quot;%1&quot; está archivada; no se pueden agregar contactos.</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; is archived; no messages can be added.</source>
        <translation>La campaña &quot;%1&quot; está archivada; no se pueden agregar mensajes.</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; is archived; its contacts cannot opt out or in.</source>
        <translation>La campaña &quot;%1&quot; está archivada; sus contactos no se pueden dar de baja ni de alta.</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; is archived.</source>
        <translation>La campaña &quot;%1&quot; está archivada.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is already a sender of campaign &quot;%2&quot;.</source>
        <translation>&quot;%1&quot; ya es remitente de la campaña &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; is archived; its conversations cannot be held or released.</source>
        <translation>La campaña &quot;%1&quot; está archivada; sus conversaciones no se pueden retener ni liberar.</translation>
    </message>
    <message>
        <source>Name at least one conversation.</source>
        <translation>Indicar al menos una conversación.</translation>
    </message>
    <message>
        <source>The note is %1 characters long; at most %2 are kept.</source>
        <translation>La nota tiene %1 caracteres; se guardan como máximo %2.</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; is archived; its rules cannot change.</source>
        <translation>La campaña &quot;%1&quot; está archivada; sus reglas no pueden cambiar.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a texting number: %2.</source>
        <translation>&quot;%1&quot; no es un número de envío: %2.</translation>
    </message>
    <message>
        <source>There is no sender with id %1.</source>
        <translation>No existe un remitente con id %1.</translation>
    </message>
</context>
<context>
    <name>Handoff::CampaignStore</name>
    <message>
        <source>A campaign needs a name.</source>
        <translation>Una campaña necesita un nombre.</translation>
    </message>
    <message>
        <source>A campaign named &quot;%1&quot; already exists.</source>
        <translation>Ya existe una campaña llamada &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Cannot create the campaign: %1</source>
        <translation>No se puede crear la campaña: %1</translation>
    </message>
    <message>
        <source>Cannot archive the campaign: %1</source>
        <translation>No se puede archivar la campaña: %1</translation>
    </message>
    <message>
        <source>No such campaign.</source>
        <translation>No existe esa campaña.</translation>
    </message>
    <message>
        <source>A sender needs a name.</source>
        <translation>Un remitente necesita un nombre.</translation>
    </message>
    <message>
        <source>The roster already has a sender named &quot;%1&quot;.</source>
        <translation>La nómina ya tiene un remitente llamado &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Cannot add the sender: %1</source>
        <translation>No se puede agregar el remitente: %1</translation>
    </message>
    <message>
        <source>That sender is already on the campaign.</source>
        <translation>Ese remitente ya está en la campaña.</translation>
    </message>
    <message>
        <source>Cannot add the sender to the campaign: %1</source>
        <translation>No se puede agregar el remitente a la campaña: %1</translation>
    </message>
    <message>
        <source>Cannot change the sweeper flag: %1</source>
        <translation>No se puede cambiar la marca de respondedor: %1</translation>
    </message>
    <message>
        <source>That sender is not on the campaign.</source>
        <translation>Ese remitente no está en la campaña.</translation>
    </message>
    <message>
        <source>Cannot remove the sender: %1</source>
        <translation>No se puede quitar el remitente: %1</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>A campaign&apos;s name can be at most %1 characters; this one has %2.</source>
        <translation>El nombre de una campaña puede tener como máximo %1 caracteres; este tiene %2.</translation>
    </message>
    <message>
        <source>A campaign&apos;s name cannot hold control characters such as NUL.</source>
        <translation>El nombre de una campaña no puede contener caracteres de control como NUL.</translation>
    </message>
    <message>
        <source>A sender&apos;s name can be at most %1 characters; this one has %2.</source>
        <translation>El nombre de un remitente puede tener como máximo %1 caracteres; este tiene %2.</translation>
    </message>
    <message>
        <source>A sender&apos;s name cannot hold control characters such as NUL.</source>
        <translation>El nombre de un remitente no puede contener caracteres de control como NUL.</translation>
    </message>
    <message>
        <source>Cannot change the presence: %1</source>
        <translation>No se puede cambiar la presencia: %1</translation>
    </message>
    <message>
        <source>%1 is already the texting number of &quot;%2&quot;.</source>
        <translation>%1 ya es el número de envío de &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>Cannot change the texting number: %1</source>
        <translation>No se puede cambiar el número de envío: %1</translation>
    </message>
    <message>
        <source>No such sender.</source>
        <translation>No existe ese remitente.</translation>
    </message>
</context>
<context>
    <name>Handoff::CliApplication</name>
    <message>
        <source>Create a demo campaign and show its counts.</source>
        <translation>Crear una campaña de demostración y mostrar sus recuentos.</translation>
    </message>
    <message>
        <source>Create, list, archive and unarchive campaigns.</source>
        <translation>Crear, listar, archivar y desarchivar campañas.</translation>
    </message>
    <message>
        <source>Add, list and remove a campaign&apos;s senders; mark sweepers.</source>
        <translation>Agregar, listar y quitar los remitentes de una campaña; marcar respondedores.</translation>
    </message>
    <message>
        <source>Import contacts from a CSV file.</source>
        <translation>Importar contactos desde un archivo CSV.</translation>
    </message>
    <message>
        <source>Load a texting gateway&apos;s messages (JSON Lines).</source>
        <translation>Cargar los mensajes de una pasarela de SMS (JSON Lines).</translation>
    </message>
    <message>
        <source>Count a campaign&apos;s conversations by sender and status.</source>
        <translation>Contar las conversaciones de una campaña por remitente y estado.</translation>
    </message>
    <message>
        <source>List a campaign&apos;s conversations.</source>
        <translation>Listar las conversaciones de una campaña.</translation>
    </message>
    <message>
        <source>Move conversations to other senders.</source>
        <translation>Mover conversaciones a otros remitentes.</translation>
    </message>
    <message>
        <source>Move conversations back to Unassigned.</source>
        <translation>Devolver conversaciones a Sin asignar.</translation>
    </message>
    <message>
        <source>Move one conversation to a sender or to Unassigned.</source>
        <translation>Mover una conversación a un remitente o a Sin asignar.</translation>
    </message>
    <message>
        <source>List a campaign&apos;s actions, newest first.</source>
        <translation>Listar las acciones de una campaña, de la más reciente a la más antigua.</translation>
    </message>
    <message>
        <source>Undo a campaign&apos;s last action.</source>
        <translation>Deshacer la última acción de una campaña.</translation>
    </message>
    <message>
        <source>Handoff moves texting conversations between the senders of a campaign, exactly and safely.</source>
        <translation>Handoff mueve conversaciones de mensajes de texto entre los remitentes de una campaña, con exactitud y seguridad.</translation>
    </message>
    <message>
        <source>The store: sqlite:///absolute/path.db or postgresql://user:password@host:port/database. Default: $HANDOFF_DB, else handoff.db in your data folder.</source>
        <translation>El almacén: sqlite:///absolute/path.db o postgresql://user:password@host:port/database. Predeterminado: $HANDOFF_DB; si no, handoff.db en la carpeta de datos.</translation>
    </message>
    <message>
        <source>Who the history records as acting. Default: $HANDOFF_ACTOR, else your PostgreSQL role, else your login name.</source>
        <translation>Nombre con el que el historial registra al autor de las acciones. Predeterminado: $HANDOFF_ACTOR; si no, el rol de PostgreSQL; si no, el nombre de inicio de sesión.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Mostrar esta ayuda.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Mostrar la versión.</translation>
    </message>
    <message>
        <source>Usage: handoff-cli [--db URL] [--actor NAME] COMMAND [ARGUMENTS]</source>
        <translation>Uso: handoff-cli [--db URL] [--actor NAME] COMMAND [ARGUMENTS]</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Comandos:</translation>
    </message>
    <message>
        <source>&quot;handoff-cli COMMAND --help&quot; describes a command.</source>
        <translation>&quot;handoff-cli COMMAND --help&quot; describe un comando.</translation>
    </message>
    <message>
        <source>No command given; the commands are: %1.</source>
        <translation>No se indicó ningún comando; los comandos son: %1.</translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;; the commands are: %2.</source>
        <translation>Comando desconocido &quot;%1&quot;; los comandos son: %2.</translation>
    </message>
    <message>
        <source>Copy the store (SQLite) to a file or its backups folder.</source>
        <translation>Copiar el almacén (SQLite) a un archivo o a su carpeta de copias de seguridad.</translation>
    </message>
    <message>
        <source>Put a backup in place of the store (SQLite).</source>
        <translation>Poner una copia de seguridad en lugar del almacén (SQLite).</translation>
    </message>
    <message>
        <source>Check the store&apos;s integrity and its kept counts.</source>
        <translation>Comprobar la integridad del almacén y sus recuentos guardados.</translation>
    </message>
    <message>
        <source>Hold conversations out of bulk and sender actions.</source>
        <translation>Retener conversaciones fuera de las acciones masivas y de remitente.</translation>
    </message>
    <message>
        <source>Release held conversations.</source>
        <translation>Liberar conversaciones retenidas.</translation>
    </message>
    <message>
        <source>Print a campaign&apos;s progress, reply waits and sender load (CSV or JSON).</source>
        <translation>Muestra el progreso de una campaña, la espera de las respuestas y la carga de cada remitente (CSV o JSON).</translation>
    </message>
    <message>
        <source>Add, list, enable, disable and remove a campaign&apos;s sweep rules.</source>
        <translation>Agregar, listar, activar, desactivar y quitar las reglas de barrido de una campaña.</translation>
    </message>
    <message>
        <source>Run campaigns&apos; sweep rules once, or every few minutes with --watch.</source>
        <translation>Ejecuta las reglas de barrido de las campañas una vez, o cada pocos minutos con --watch.</translation>
    </message>
</context>
<context>
    <name>Handoff::CliContext</name>
    <message>
        <source>&quot;%1&quot; is not a sender of campaign &quot;%2&quot;.</source>
        <translation>&quot;%1&quot; no es remitente de la campaña &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>; give it in PGPASSWORD or ~/.pgpass, or remember it in the window (File ▸ Connect to Server…)</source>
        <translation>; indíquela en PGPASSWORD o ~/.pgpass, o recuérdela en la ventana (Archivo ▸ Conectar con un servidor…)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; could be any of the campaigns %2; give the name with its exact case.</source>
        <translation>&quot;%1&quot; puede ser cualquiera de las campañas %2; escriba el nombre con sus mayúsculas y minúsculas exactas.</translation>
    </message>
    <message>
        <source>There is no campaign named &quot;%1&quot;, nor any other yet; create one with &quot;handoff-cli campaign create NAME&quot;.</source>
        <translation>No hay ninguna campaña llamada &quot;%1&quot;, ni ninguna otra todavía; cree una con &quot;handoff-cli campaign create NAME&quot;.</translation>
    </message>
    <message>
        <source>There is no campaign named &quot;%1&quot;; the campaigns are %2.</source>
        <translation>No hay ninguna campaña llamada &quot;%1&quot;; las campañas son %2.</translation>
    </message>
    <message>
        <source>%1 and %2 more (handoff-cli campaign list)</source>
        <translation>%1 y %2 más (handoff-cli campaign list)</translation>
    </message>
    <message>
        <source>Cannot change the store %1: %2.</source>
        <translation>No se puede cambiar el almacén %1: %2.</translation>
    </message>
</context>
<context>
    <name>Handoff::CommandLine</name>
    <message>
        <source>Show this help.</source>
        <translation>Mostrar esta ayuda.</translation>
    </message>
    <message>
        <source>%1 needs --%2 %3.</source>
        <translation>%1 necesita --%2 %3.</translation>
    </message>
    <message>
        <source>%1 needs %2.</source>
        <translation>%1 necesita %2.</translation>
    </message>
    <message>
        <source>Unexpected argument &quot;%1&quot;.</source>
        <translation>Argumento inesperado &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>%1 needs %2, not an empty one.</source>
        <translation>%1 necesita %2, no uno vacío.</translation>
    </message>
    <message>
        <source>--%1 must be a whole number of at least 1, not &quot;%2&quot;.</source>
        <translation>--%1 debe ser un número entero mayor o igual que 1, no &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>The campaign, by name.</source>
        <translation>La campaña, por nombre.</translation>
    </message>
    <message>
        <source>Print JSON instead of text.</source>
        <translation>Imprimir JSON en lugar de texto.</translation>
    </message>
    <message>
        <source>Only conversations with this status: %1 (default: any).</source>
        <translation>Solo las conversaciones con este estado: %1 (predeterminado: any).</translation>
    </message>
    <message>
        <source>Unknown status &quot;%1&quot;; use %2.</source>
        <translation>Estado desconocido &quot;%1&quot;; usar %2.</translation>
    </message>
    <message>
        <source>Usage: handoff-cli %1 %2</source>
        <translation>Uso: handoff-cli %1 %2</translation>
    </message>
    <message>
        <source>
Global options (see handoff-cli --help): --db URL, --actor NAME.
</source>
        <translation>
Opciones globales (ver handoff-cli --help): --db URL, --actor NAME.
</translation>
    </message>
    <message>
        <source>
Senders are named by their roster name, several separated by commas or the option
repeated. A name with a comma goes in double quotes inside a list, or alone:
  --%1 &apos;&quot;Ruiz, Ana&quot;,Ben Okafor&apos;   or   --%1 &quot;Ruiz, Ana&quot; --%1 &quot;Ben Okafor&quot;
</source>
        <translation>
Los remitentes se nombran por su nombre en la lista, varios separados por comas o con la
opción repetida. Un nombre con una coma va entre comillas dobles dentro de una lista, o solo:
  --%1 &apos;&quot;Ruiz, Ana&quot;,Ben Okafor&apos;   o   --%1 &quot;Ruiz, Ana&quot; --%1 &quot;Ben Okafor&quot;
</translation>
    </message>
    <message>
        <source>--%1: %2</source>
        <translation>--%1: %2</translation>
    </message>
    <message>
        <source>--%1 is %2 characters long; a note may have at most %3.</source>
        <translation>--%1 tiene %2 caracteres; una nota puede tener como máximo %3.</translation>
    </message>
    <message>
        <source>Only conversations waiting at least DURATION (last activity that long ago or earlier): a number followed by s, m, h or d, or several such as 1h30m.</source>
        <translation>Solo las conversaciones que esperan al menos DURATION (última actividad hace ese tiempo o antes): un número seguido de s, m, h o d, o varios como 1h30m.</translation>
    </message>
    <message>
        <source>Move held conversations too (they are left out otherwise).</source>
        <translation>Mover también las conversaciones retenidas (si no, quedan fuera).</translation>
    </message>
    <message>
        <source>A short note the history keeps with the action.</source>
        <translation>Una nota breve que el historial guarda con la acción.</translation>
    </message>
    <message>
        <source>--%1 takes IDs separated by commas, such as 12,15,20; &quot;%2&quot; is not one.</source>
        <translation>--%1 admite identificadores separados por comas, como 12,15,20; &quot;%2&quot; no lo es.</translation>
    </message>
</context>
<context>
    <name>Handoff::CommandSet</name>
    <message>
        <source>Usage: handoff-cli %1 ACTION [options]</source>
        <translation>Uso: handoff-cli %1 ACTION [opciones]</translation>
    </message>
    <message>
        <source>Actions:</source>
        <translation>Acciones:</translation>
    </message>
    <message>
        <source>&quot;handoff-cli %1 ACTION --help&quot; describes an action.</source>
        <translation>&quot;handoff-cli %1 ACTION --help&quot; describe una acción.</translation>
    </message>
    <message>
        <source>%1 needs an action; the actions are: %2.</source>
        <translation>%1 necesita una acción; las acciones son: %2.</translation>
    </message>
    <message>
        <source>Unknown %1 action &quot;%2&quot;; the actions are: %3.</source>
        <translation>Acción de %1 desconocida &quot;%2&quot;; las acciones son: %3.</translation>
    </message>
</context>
<context>
    <name>Handoff::ConnectionDialog</name>
    <message>
        <source>%1 on %2 (%3)</source>
        <translation>%1 en %2 (%3)</translation>
    </message>
    <message>
        <source>Connect to Server</source>
        <translation>Conectar con un servidor</translation>
    </message>
    <message>
        <source>The PostgreSQL server your team shares. Whoever runs it can tell you these details.</source>
        <translation>El servidor PostgreSQL que comparte su equipo. Quien lo administra puede darle estos datos.</translation>
    </message>
    <message>
        <source>Remembered servers</source>
        <translation>Servidores recordados</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>&amp;Olvidar</translation>
    </message>
    <message>
        <source>Forget server</source>
        <translation>Olvidar servidor</translation>
    </message>
    <message>
        <source>Forget this server and the password kept for it in the keychain</source>
        <translation>Olvidar este servidor y la contraseña guardada para él en el llavero</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Servidor:</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>db.example.org</source>
        <translation>db.example.org</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>&amp;Puerto:</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Puerto</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Base de datos</translation>
    </message>
    <message>
        <source>handoff</source>
        <translation>handoff</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Base de datos:</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>Cifrado</translation>
    </message>
    <message>
        <source>When the server offers it</source>
        <translation>Cuando el servidor lo ofrezca</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Obligatorio</translation>
    </message>
    <message>
        <source>Required, with the server&apos;s certificate checked</source>
        <translation>Obligatorio, comprobando el certificado del servidor</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nunca</translation>
    </message>
    <message>
        <source>&amp;Encryption:</source>
        <translation>C&amp;ifrado:</translation>
    </message>
    <message>
        <source>&amp;Remember this server</source>
        <translation>&amp;Recordar este servidor</translation>
    </message>
    <message>
        <source>Remember the password in the system &amp;keychain</source>
        <translation>Recordar la contraseña en el &amp;llavero del sistema</translation>
    </message>
    <message>
        <source>The password goes to the keychain of your desktop (GNOME Keyring or KWallet), never into Handoff&apos;s settings</source>
        <translation>La contraseña va al llavero de su escritorio (GNOME Keyring o KWallet), nunca a la configuración de Handoff</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>Co&amp;nectar</translation>
    </message>
    <message>
        <source>New server</source>
        <translation>Servidor nuevo</translation>
    </message>
    <message>
        <source>The server is forgotten, but its password is still in the keychain: %1.</source>
        <translation>El servidor se ha olvidado, pero su contraseña sigue en el llavero: %1.</translation>
    </message>
    <message>
        <source>Forgot %1.</source>
        <translation>Se olvidó %1.</translation>
    </message>
    <message>
        <source>Type the server&apos;s host, the database and your user name.</source>
        <translation>Escriba el host del servidor, la base de datos y su nombre de usuario.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Conectando con %1…</translation>
    </message>
    <message>
        <source>Connected, but the password was not remembered: %1.</source>
        <translation>Conectado, pero la contraseña no se recordó: %1.</translation>
    </message>
    <message>
        <source>Connected, but the old password is still in the keychain: %1.</source>
        <translation>Conectado, pero la contraseña anterior sigue en el llavero: %1.</translation>
    </message>
    <message>
        <source>%1 Type it again.</source>
        <translation>%1 Escríbala de nuevo.</translation>
    </message>
</context>
<context>
    <name>Handoff::ConnectionString</name>
    <message>
        <source>A SQLite store needs an absolute path, as in sqlite:///home/me/handoff.db (got &quot;%1&quot;).</source>
        <translation>Un almacén SQLite necesita una ruta absoluta, como en sqlite:///home/me/handoff.db (se recibió &quot;%1&quot;).</translation>
    </message>
    <message>
        <source>The PostgreSQL address names no database; add it after the host, as in postgresql://host/handoff.</source>
        <translation>La dirección de PostgreSQL no indica ninguna base de datos; agregarla después del host, como en postgresql://host/handoff.</translation>
    </message>
    <message>
        <source>Unknown store &quot;%1&quot;: use sqlite:///absolute/path.db or postgresql://user:password@host:port/database.</source>
        <translation>Almacén desconocido &quot;%1&quot;: usar sqlite:///absolute/path.db o postgresql://user:password@host:port/database.</translation>
    </message>
    <message>
        <source>The PostgreSQL address has the option &quot;%1&quot;, which Handoff does not pass on; it accepts %2.</source>
        <translation>La dirección de PostgreSQL tiene la opción &quot;%1&quot;, que Handoff no transmite; acepta %2.</translation>
    </message>
    <message>
        <source>The option %1 of the PostgreSQL address has no value.</source>
        <translation>La opción %1 de la dirección de PostgreSQL no tiene valor.</translation>
    </message>
    <message>
        <source>The option %1 of the PostgreSQL address cannot be &quot;%2&quot;; it is one of %3.</source>
        <translation>La opción %1 de la dirección de PostgreSQL no puede ser &quot;%2&quot;; es una de %3.</translation>
    </message>
    <message>
        <source>The option connect_timeout of the PostgreSQL address must be a whole number of seconds, not &quot;%1&quot;.</source>
        <translation>La opción connect_timeout de la dirección de PostgreSQL debe ser un número entero de segundos, no &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>The option %1 of the PostgreSQL address cannot hold &quot;;&quot;.</source>
        <translation>La opción %1 de la dirección de PostgreSQL no puede contener &quot;;&quot;.</translation>
    </message>
    <message>
        <source>The path of a SQLite store cannot hold a control character (such as %00 or a line break).</source>
        <translation>La ruta de un almacén SQLite no puede contener un carácter de control (como %00 o un salto de línea).</translation>
    </message>
    <message>
        <source>Cannot read the PostgreSQL address &quot;%1&quot;; write it as postgresql://user:password@host:port/database.</source>
        <translation>No se puede leer la dirección de PostgreSQL &quot;%1&quot;; escribirla como postgresql://user:password@host:port/database.</translation>
    </message>
    <message>
        <source>The PostgreSQL address cannot hold a control character (such as %00 or a line break).</source>
        <translation>La dirección de PostgreSQL no puede contener un carácter de control (como %00 o un salto de línea).</translation>
    </message>
    <message>
        <source>Cannot read the option &quot;%1&quot; of the PostgreSQL address; write options as ?name=value&amp;name=value.</source>
        <translation>No se puede leer la opción &quot;%1&quot; de la dirección de PostgreSQL; escribir las opciones como ?name=value&amp;name=value.</translation>
    </message>
    <message>
        <source>The option %1 is given twice in the PostgreSQL address.</source>
        <translation>La opción %1 aparece dos veces en la dirección de PostgreSQL.</translation>
    </message>
</context>
<context>
    <name>Handoff::ContactFile</name>
    <message>
        <source>Column %1</source>
        <translation>Columna %1</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>El archivo está vacío.</translation>
    </message>
    <message>
        <source>The file has no phone column. Name the column of phone numbers &quot;Phone&quot;, &quot;Cell&quot; or &quot;Mobile&quot;, or choose it when importing.</source>
        <translation>El archivo no tiene columna de teléfono. Llamar a la columna de números de teléfono &quot;Phone&quot;, &quot;Cell&quot; o &quot;Mobile&quot;, o elegirla al importar.</translation>
    </message>
    <message>
        <source>Stopped before the end of the file.</source>
        <translation>Se detuvo antes del final del archivo.</translation>
    </message>
    <message>
        <source>has %1 fields, header has %2</source>
        <translation>tiene %1 campos, el encabezado tiene %2</translation>
    </message>
    <message>
        <source>no phone number</source>
        <translation>sin número de teléfono</translation>
    </message>
    <message>
        <source>invalid phone &quot;%1&quot;: %2</source>
        <translation>teléfono no válido &quot;%1&quot;: %2</translation>
    </message>
    <message>
        <source>duplicate of line %1 (%2)</source>
        <translation>duplicado de la línea %1 (%2)</translation>
    </message>
    <message>
        <source>already in the campaign</source>
        <translation>ya está en la campaña</translation>
    </message>
    <message>
        <source>Line %1, the header, has %2.</source>
        <translation>La línea %1, el encabezado, tiene %2.</translation>
    </message>
    <message>
        <source>Line %1, the header: the name of column %2 is longer than %3 characters.</source>
        <translation>Línea %1, el encabezado: el nombre de la columna %2 tiene más de %3 caracteres.</translation>
    </message>
    <message>
        <source>has a NUL character</source>
        <translation>tiene un carácter NUL</translation>
    </message>
    <message>
        <source>a name is longer than %1 characters</source>
        <translation>un nombre tiene más de %1 caracteres</translation>
    </message>
    <message>
        <source>the texter&apos;s name or e-mail is longer than %1 characters</source>
        <translation>el nombre o el correo electrónico del remitente tiene más de %1 caracteres</translation>
    </message>
</context>
<context>
    <name>Handoff::ContactImporter</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>No se puede leer %1: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a sender of campaign &quot;%2&quot;.</source>
        <translation>&quot;%1&quot; no es remitente de la campaña &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>sender %1</source>
        <translation>remitente %1</translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation>No se importó nada: %1</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was imported.</source>
        <translation>Se canceló la importación; no se importó nada.</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text; it was read as %1, as spreadsheets save it on Windows.</source>
        <translation>El archivo no es texto UTF-8; se leyó como %1, como lo guardan las hojas de cálculo en Windows.</translation>
    </message>
    <message>
        <source>Either deal the contacts out or assign them from the export, not both.</source>
        <translation>Repartir los contactos o asignarlos según la exportación, no ambas cosas.</translation>
    </message>
    <message>
        <source>line %1: texter &quot;%2&quot;: %3</source>
        <translation>línea %1: remitente &quot;%2&quot;: %3</translation>
    </message>
    <message>
        <source>The file names no texter (no texterFirst, texterLast or texterEmail column, nor Rewired&apos;s texter[…]); it cannot be assigned from the export.</source>
        <translation>El archivo no nombra ningún remitente (no hay columna texterFirst, texterLast ni texterEmail, ni texter[…] de Rewired); no se puede asignar según la exportación.</translation>
    </message>
    <message>
        <source>Nothing was imported: The file names no texter (no texterFirst, texterLast or texterEmail column, nor Rewired&apos;s texter[…]); it cannot be assigned from the export.</source>
        <translation>No se importó nada: El archivo no nombra ningún remitente (no hay columna texterFirst, texterLast ni texterEmail, ni texter[…] de Rewired); no se puede asignar según la exportación.</translation>
    </message>
    <message>
        <source>1 contact is opted out in the file; it came in opted out.</source>
        <translation>1 contacto está dado de baja en el archivo; entró dado de baja.</translation>
    </message>
    <message>
        <source>%1 contacts are opted out in the file; they came in opted out.</source>
        <translation>%1 contactos están dados de baja en el archivo; entraron dados de baja.</translation>
    </message>
    <message>
        <source>1 texter joined the roster: %1.</source>
        <translation>1 remitente se sumó a la nómina: %1.</translation>
    </message>
    <message>
        <source>%1 texters joined the roster: %2.</source>
        <translation>%1 remitentes se sumaron a la nómina: %2.</translation>
    </message>
    <message>
        <source>1 texter joined the campaign: %1.</source>
        <translation>1 remitente se sumó a la campaña: %1.</translation>
    </message>
    <message>
        <source>%1 texters joined the campaign: %2.</source>
        <translation>%1 remitentes se sumaron a la campaña: %2.</translation>
    </message>
    <message>
        <source>1 contact names no texter; it waits in Unassigned.</source>
        <translation>1 contacto no nombra remitente; espera en Sin asignar.</translation>
    </message>
    <message>
        <source>%1 contacts name no texter; they wait in Unassigned.</source>
        <translation>%1 contactos no nombran remitente; esperan en Sin asignar.</translation>
    </message>
</context>
<context>
    <name>Handoff::ConversationPane</name>
    <message>
        <source>Conversation</source>
        <translation>Conversación</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Contact Details</source>
        <translation>Datos del contacto</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Mensajes</translation>
    </message>
    <message>
        <source>Opt-Out</source>
        <translation>Dar de baja</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>Reasignar</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Opt In</source>
        <translation>Dar de alta</translation>
    </message>
    <message>
        <source>No messages yet: the first text has not been sent.</source>
        <translation>Aún no hay mensajes: todavía no se envió el primer mensaje de texto.</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Remitente</translation>
    </message>
    <message>
        <source>%1 %2 · %3</source>
        <translation>%1 %2 · %3</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Retener</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Liberar</translation>
    </message>
    <message>
        <source>Held: bulk and sender actions leave it where it is.</source>
        <translation>Retenida: las acciones masivas y de remitente la dejan donde está.</translation>
    </message>
    <message>
        <source>Held (%1): bulk and sender actions leave it where it is.</source>
        <translation>Retenida (%1): las acciones masivas y de remitente la dejan donde está.</translation>
    </message>
    <message>
        <source>%1 %2 · %3 · Failed: not delivered</source>
        <translation>%1 %2 · %3 · Falló: no se entregó</translation>
    </message>
</context>
<context>
    <name>Handoff::ConversationStore</name>
    <message>
        <source>Cannot add the contacts from %1 on: %2</source>
        <translation>No se pueden agregar los contactos a partir de %1: %2</translation>
    </message>
    <message>
        <source>Cannot add the conversations from %1 on: %2</source>
        <translation>No se pueden agregar las conversaciones a partir de %1: %2</translation>
    </message>
    <message>
        <source>Cannot record the message for %1: %2</source>
        <translation>No se puede registrar el mensaje para %1: %2</translation>
    </message>
    <message>
        <source>Cannot look up %1: %2</source>
        <translation>No se puede buscar %1: %2</translation>
    </message>
    <message>
        <source>Cannot update the conversation with %1: %2</source>
        <translation>No se puede actualizar la conversación con %1: %2</translation>
    </message>
    <message>
        <source>Cannot change the opt-out: %1</source>
        <translation>No se puede cambiar la baja: %1</translation>
    </message>
    <message>
        <source>No conversation %1.</source>
        <translation>No existe la conversación %1.</translation>
    </message>
    <message>
        <source>Cannot change the hold of conversation %1: %2</source>
        <translation>No se puede cambiar la retención de la conversación %1: %2</translation>
    </message>
    <message>
        <source>There is no conversation %1 in this campaign.</source>
        <translation>No existe la conversación %1 en esta campaña.</translation>
    </message>
    <message>
        <source>Cannot opt out %1: %2</source>
        <translation>No se puede dar de baja %1: %2</translation>
    </message>
    <message>
        <source>Cannot add the contacts from %1 on: the server gave %2 ids for %3 contacts</source>
        <translation>No se pueden agregar los contactos a partir de %1: el servidor dio %2 identificadores para %3 contactos</translation>
    </message>
</context>
<context>
    <name>Handoff::ConversationTableModel</name>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Last Message</source>
        <translation>Último mensaje</translation>
    </message>
    <message>
        <source>Last Activity</source>
        <translation>Última actividad</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Remitente</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Retenida</translation>
    </message>
    <message>
        <source>Held: %1</source>
        <translation>Retenida: %1</translation>
    </message>
    <message>
        <source>Waiting For</source>
        <translation>Espera</translation>
    </message>
</context>
<context>
    <name>Handoff::ConversationsTab</name>
    <message>
        <source>Conversations</source>
        <translation>Conversaciones</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <source>Ctrl+Shift+U</source>
        <translation>Ctrl+Shift+U</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>&amp;Reassign Conversation…</source>
        <translation>&amp;Reasignar conversación…</translation>
    </message>
    <message>
        <source>Move the open conversation to another sender or to Unassigned</source>
        <translation>Mover la conversación abierta a otro remitente o a Sin asignar</translation>
    </message>
    <message>
        <source>&amp;Opt-Out Contact</source>
        <translation>Dar de &amp;baja al contacto</translation>
    </message>
    <message>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <source>&amp;Filter Senders</source>
        <translation>&amp;Filtrar remitentes</translation>
    </message>
    <message>
        <source>Filter the sender list by name</source>
        <translation>Filtrar la lista de remitentes por nombre</translation>
    </message>
    <message>
        <source>&amp;Unselect Sender</source>
        <translation>Dese&amp;leccionar remitente</translation>
    </message>
    <message>
        <source>Show every conversation and the Bulk Reassign dropdown</source>
        <translation>Mostrar todas las conversaciones y el menú desplegable de Reasignación masiva</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Senders&lt;/b&gt;</source>
        <translation>&lt;b&gt;Remitentes&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Filter Senders</source>
        <translation>Filtrar remitentes</translation>
    </message>
    <message>
        <source>Filter senders (%1)</source>
        <translation>Filtrar remitentes (%1)</translation>
    </message>
    <message>
        <source>S&amp;ort by:</source>
        <translation>&amp;Ordenar por:</translation>
    </message>
    <message>
        <source>Sort Senders</source>
        <translation>Ordenar remitentes</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <source>Needs Reply</source>
        <translation>Necesita respuesta</translation>
    </message>
    <message>
        <source>Senders</source>
        <translation>Remitentes</translation>
    </message>
    <message>
        <source>Bulk Reassign</source>
        <translation>Reasignación masiva</translation>
    </message>
    <message>
        <source>Reassign or unassign conversations across every sender of the campaign</source>
        <translation>Reasignar o desasignar conversaciones de todos los remitentes de la campaña</translation>
    </message>
    <message>
        <source>Unselect Sender</source>
        <translation>Deseleccionar remitente</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>Reasignar</translation>
    </message>
    <message>
        <source>Reassign Sender&apos;s Conversations</source>
        <translation>Reasignar conversaciones del remitente</translation>
    </message>
    <message>
        <source>Reassign or unassign this sender&apos;s conversations</source>
        <translation>Reasignar o desasignar las conversaciones de este remitente</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Mostrar:</translation>
    </message>
    <message>
        <source>Show Status</source>
        <translation>Mostrar estado</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Todas</translation>
    </message>
    <message>
        <source>Search Conversations</source>
        <translation>Buscar conversaciones</translation>
    </message>
    <message>
        <source>Search name or phone</source>
        <translation>Buscar nombre o teléfono</translation>
    </message>
    <message>
        <source>Reassign &amp;Some…</source>
        <translation>Reasignar &amp;algunas…</translation>
    </message>
    <message>
        <source>Reassign &amp;All…</source>
        <translation>Reasignar &amp;todas…</translation>
    </message>
    <message>
        <source>&amp;Unassign All…</source>
        <translation>&amp;Desasignar todas…</translation>
    </message>
    <message>
        <source>Move some of this sender&apos;s conversations to other senders</source>
        <translation>Mover algunas de las conversaciones de este remitente a otros remitentes</translation>
    </message>
    <message>
        <source>Move this sender&apos;s matching conversations to other senders</source>
        <translation>Mover las conversaciones coincidentes de este remitente a otros remitentes</translation>
    </message>
    <message>
        <source>Move this sender&apos;s matching conversations to Unassigned</source>
        <translation>Mover las conversaciones coincidentes de este remitente a Sin asignar</translation>
    </message>
    <message>
        <source>Bulk Reassign &amp;Some…</source>
        <translation>Reasignar &amp;algunas (masivo)…</translation>
    </message>
    <message>
        <source>Bulk Reassign &amp;All…</source>
        <translation>Reasignar &amp;todas (masivo)…</translation>
    </message>
    <message>
        <source>Bulk &amp;Unassign All…</source>
        <translation>&amp;Desasignar todas (masivo)…</translation>
    </message>
    <message>
        <source>Move some conversations, from across the campaign, to chosen senders</source>
        <translation>Mover algunas conversaciones, de toda la campaña, a los remitentes elegidos</translation>
    </message>
    <message>
        <source>Move every matching conversation to chosen senders</source>
        <translation>Mover todas las conversaciones coincidentes a los remitentes elegidos</translation>
    </message>
    <message>
        <source>Move every sender&apos;s matching conversations to Unassigned</source>
        <translation>Mover las conversaciones coincidentes de todos los remitentes a Sin asignar</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Not Started</source>
        <translation>Sin iniciar</translation>
    </message>
    <message>
        <source>Select a conversation to read it, opt the contact out or reassign it.</source>
        <translation>Seleccionar una conversación para leerla, dar de baja al contacto o reasignarla.</translation>
    </message>
    <message>
        <source>&amp;Opt In Contact</source>
        <translation>Dar de alta al &amp;contacto</translation>
    </message>
    <message>
        <source>This conversation is no longer in the campaign.</source>
        <translation>Esta conversación ya no está en la campaña.</translation>
    </message>
    <message>
        <source>%1&apos;s</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>every sender&apos;s</source>
        <translation>todos los remitentes</translation>
    </message>
    <message>
        <source>Move %1 of %2 conversations (%3) back to Unassigned?</source>
        <translation>¿Devolver a Sin asignar %1 conversaciones de %2 (%3)?</translation>
    </message>
    <message>
        <source>Opt-Out</source>
        <translation>Dar de baja</translation>
    </message>
    <message>
        <source>%1 is opted out.</source>
        <translation>%1 está dado de baja.</translation>
    </message>
    <message>
        <source>%1 is opted in again.</source>
        <translation>%1 está dado de alta de nuevo.</translation>
    </message>
    <message>
        <source>Moving %1 conversations…</source>
        <translation>Moviendo %1 conversaciones…</translation>
    </message>
    <message>
        <source>Reassigning</source>
        <translation>Reasignando</translation>
    </message>
    <message>
        <source>Cancelled: nothing was moved.</source>
        <translation>Cancelado: no se movió nada.</translation>
    </message>
    <message>
        <source>Nothing moved</source>
        <translation>No se movió nada</translation>
    </message>
    <message>
        <source>Nothing to move.</source>
        <translation>No hay nada que mover.</translation>
    </message>
    <message>
        <source>&lt;a href=&quot;unselect&quot;&gt;Unselect Sender&lt;/a&gt;</source>
        <translation>&lt;a href=&quot;unselect&quot;&gt;Deseleccionar remitente&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Show Held</source>
        <translation>Mostrar retenidas</translation>
    </message>
    <message>
        <source>Held or not</source>
        <translation>Retenidas o no</translation>
    </message>
    <message>
        <source>Held only</source>
        <translation>Solo retenidas</translation>
    </message>
    <message>
        <source>Not held</source>
        <translation>No retenidas</translation>
    </message>
    <message>
        <source>&amp;Hold Conversation…</source>
        <translation>&amp;Retener conversación…</translation>
    </message>
    <message>
        <source>Keep the conversation out of bulk and sender actions, or release it</source>
        <translation>Dejar la conversación fuera de las acciones masivas y de remitente, o liberarla</translation>
    </message>
    <message>
        <source>Ctrl+H</source>
        <translation>Ctrl+H</translation>
    </message>
    <message>
        <source>Re&amp;lease Conversation</source>
        <translation>&amp;Liberar conversación</translation>
    </message>
    <message>
        <source>Hold Conversation</source>
        <translation>Retener conversación</translation>
    </message>
    <message>
        <source>Hold the conversation with %1: bulk and sender actions will leave it where it is.
Note (optional):</source>
        <translation>Retener la conversación con %1: las acciones masivas y de remitente la dejarán donde está.
Nota (opcional):</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Retener</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Liberar</translation>
    </message>
    <message>
        <source>The conversation with %1 is held.</source>
        <translation>La conversación con %1 está retenida.</translation>
    </message>
    <message>
        <source>The conversation with %1 is released.</source>
        <translation>La conversación con %1 está liberada.</translation>
    </message>
    <message>
        <source>How long the reply that has waited longest for an answer has waited</source>
        <translation>Cuánto ha esperado la respuesta que más tiempo lleva sin contestar</translation>
    </message>
    <message>
        <source>On S&amp;hift</source>
        <translation>En &amp;turno</translation>
    </message>
    <message>
        <source>The selected sender is working now</source>
        <translation>El remitente seleccionado está trabajando ahora</translation>
    </message>
    <message>
        <source>A&amp;way</source>
        <translation>Au&amp;sente</translation>
    </message>
    <message>
        <source>The selected sender stepped away; moving conversations to them asks first</source>
        <translation>El remitente seleccionado se ausentó; mover conversaciones a él pide confirmación</translation>
    </message>
    <message>
        <source>&amp;Done for Today</source>
        <translation>&amp;Terminó por hoy</translation>
    </message>
    <message>
        <source>The selected sender finished for today; moving conversations to them asks first</source>
        <translation>El remitente seleccionado terminó por hoy; mover conversaciones a él pide confirmación</translation>
    </message>
    <message>
        <source>oldest reply waiting</source>
        <translation>respuesta más antigua en espera</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>Oldest reply waiting: %1</source>
        <translation>Respuesta más antigua en espera: %1</translation>
    </message>
    <message>
        <source>Reassign &amp;Selected…</source>
        <translation>Reasignar &amp;seleccionadas…</translation>
    </message>
    <message>
        <source>Move the %1 selected conversations to other senders or to Unassigned</source>
        <translation>Mover las %1 conversaciones seleccionadas a otros remitentes o a Sin asignar</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>Presencia</translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <translation>%1: %2.</translation>
    </message>
</context>
<context>
    <name>Handoff::CsvExporter</name>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Last Message</source>
        <translation>Último mensaje</translation>
    </message>
    <message>
        <source>Last Activity</source>
        <translation>Última actividad</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Remitente</translation>
    </message>
    <message>
        <source>Cannot write the file: %1</source>
        <translation>No se puede escribir el archivo: %1</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Alcance</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Status Filter</source>
        <translation>Filtro de estado</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Solicitadas</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>Movidas</translation>
    </message>
    <message>
        <source>Moved To</source>
        <translation>Movidas a</translation>
    </message>
    <message>
        <source>Skipped: Status Changed</source>
        <translation>Omitidas: cambió el estado</translation>
    </message>
    <message>
        <source>Skipped: Moved Elsewhere</source>
        <translation>Omitidas: movidas a otro lugar</translation>
    </message>
    <message>
        <source>Skipped: Sender Left</source>
        <translation>Omitidas: el remitente se fue</translation>
    </message>
    <message>
        <source>Undoes</source>
        <translation>Deshace</translation>
    </message>
    <message>
        <source>Undone By</source>
        <translation>Deshecha por</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
</context>
<context>
    <name>Handoff::CsvReader</name>
    <message>
        <source>Line %1: a quoted field runs on for more than %2 characters; is a closing quote missing?</source>
        <translation>Línea %1: un campo entre comillas se extiende más de %2 caracteres; ¿falta una comilla de cierre?</translation>
    </message>
    <message>
        <source>Line %1: a quoted field is never closed</source>
        <translation>Línea %1: un campo entre comillas nunca se cierra</translation>
    </message>
    <message>
        <source>Could not read the file: %1</source>
        <translation>No se pudo leer el archivo: %1</translation>
    </message>
    <message>
        <source>Save the file as UTF-8 (in a spreadsheet: CSV UTF-8) and import it again.</source>
        <translation>Guarde el archivo como UTF-8 (en una hoja de cálculo: CSV UTF-8) e impórtelo de nuevo.</translation>
    </message>
    <message>
        <source>a field longer than %1 characters</source>
        <translation>un campo de más de %1 caracteres</translation>
    </message>
    <message>
        <source>more than %1 fields</source>
        <translation>más de %1 campos</translation>
    </message>
    <message>
        <source>more than %1 characters</source>
        <translation>más de %1 caracteres</translation>
    </message>
    <message>
        <source>Line %1: the file is UTF-16 text. </source>
        <translation>Línea %1: el archivo es texto UTF-16. </translation>
    </message>
    <message>
        <source>Line %1: byte %2 is not UTF-8 text. </source>
        <translation>Línea %1: el byte %2 no es texto UTF-8. </translation>
    </message>
    <message>
        <source>Line %1 has UTF-8 text in a file read as Windows-1252. </source>
        <translation>La línea %1 tiene texto UTF-8 en un archivo leído como Windows-1252. </translation>
    </message>
    <message>
        <source>Line %1: byte %2 is neither UTF-8 nor Windows-1252 text. </source>
        <translation>Línea %1: el byte %2 no es texto UTF-8 ni Windows-1252. </translation>
    </message>
</context>
<context>
    <name>Handoff::Database</name>
    <message>
        <source>The Qt %1 driver is not installed (Debian package %2).</source>
        <translation>El controlador %1 de Qt no está instalado (paquete de Debian %2).</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>No se puede crear la carpeta %1.</translation>
    </message>
    <message>
        <source>Cannot open the store %1: %2</source>
        <translation>No se puede abrir el almacén %1: %2</translation>
    </message>
    <message>
        <source>Cannot prepare the store %1: %2</source>
        <translation>No se puede preparar el almacén %1: %2</translation>
    </message>
    <message>
        <source>the connection to the server %1 was lost (%2)</source>
        <translation>se perdió la conexión con el servidor %1 (%2)</translation>
    </message>
    <message>
        <source>another manager&apos;s action or an import holds some of these conversations and has not finished; try again in a moment</source>
        <translation>una acción de otro coordinador o una importación tiene algunas de estas conversaciones y aún no terminó; volver a intentarlo en un momento</translation>
    </message>
    <message>
        <source>another manager changed the same conversations at the same moment; try again</source>
        <translation>otro coordinador cambió las mismas conversaciones en el mismo momento; volver a intentarlo</translation>
    </message>
    <message>
        <source>the connection to the server %1 was lost</source>
        <translation>se perdió la conexión con el servidor %1</translation>
    </message>
    <message>
        <source>The store %1 was written by a newer Handoff (schema %2); this Handoff reads schema %3 and older.</source>
        <translation>El almacén %1 fue escrito por un Handoff más reciente (esquema %2); este Handoff lee el esquema %3 y anteriores.</translation>
    </message>
    <message>
        <source>Cannot upgrade the store %1: %2</source>
        <translation>No se puede actualizar el almacén %1: %2</translation>
    </message>
    <message>
        <source>Cannot upgrade the store %1 to schema %2: %3</source>
        <translation>No se puede actualizar el almacén %1 al esquema %2: %3</translation>
    </message>
    <message>
        <source>the server does not answer (connection refused)</source>
        <translation>el servidor no responde (conexión rechazada)</translation>
    </message>
    <message>
        <source>the server does not answer (no reply within %1 seconds)</source>
        <translation>el servidor no responde (sin respuesta en %1 segundos)</translation>
    </message>
    <message>
        <source>the server cannot be reached (%1)</source>
        <translation>no se puede llegar al servidor (%1)</translation>
    </message>
    <message>
        <source>there is no host named &quot;%1&quot;</source>
        <translation>no hay ningún host llamado &quot;%1&quot;</translation>
    </message>
    <message>
        <source>the server refused the password of user &quot;%1&quot;</source>
        <translation>el servidor rechazó la contraseña del usuario &quot;%1&quot;</translation>
    </message>
    <message>
        <source>the server has no database &quot;%1&quot;</source>
        <translation>el servidor no tiene ninguna base de datos &quot;%1&quot;</translation>
    </message>
    <message>
        <source>the server has no user &quot;%1&quot;</source>
        <translation>el servidor no tiene ningún usuario &quot;%1&quot;</translation>
    </message>
    <message>
        <source>the server has too many connections open; try again later</source>
        <translation>el servidor tiene demasiadas conexiones abiertas; volver a intentarlo más tarde</translation>
    </message>
    <message>
        <source>the server wants a password for user &quot;%1&quot;</source>
        <translation>el servidor pide una contraseña para el usuario &quot;%1&quot;</translation>
    </message>
    <message>
        <source>There is no store at %1.</source>
        <translation>No hay ningún almacén en %1.</translation>
    </message>
    <message>
        <source>the file is read-only</source>
        <translation>el archivo es de solo lectura</translation>
    </message>
    <message>
        <source>Cannot open the store %1: it cannot be written (%2), and its last changes are still in %3; open it once where it can be written, so that they go into the store.</source>
        <translation>No se puede abrir el almacén %1: no se puede escribir (%2) y sus últimos cambios siguen en %3; abrirlo una vez donde se pueda escribir, para que pasen al almacén.</translation>
    </message>
    <message>
        <source>The store %1 needs an upgrade to this Handoff&apos;s schema, but it cannot be changed: %2.</source>
        <translation>El almacén %1 necesita actualizarse al esquema de este Handoff, pero no se puede cambiar: %2.</translation>
    </message>
    <message>
        <source>the disk holding %1 is full; free some space, then try again</source>
        <translation>el disco que contiene %1 está lleno; liberar espacio y volver a intentarlo</translation>
    </message>
    <message>
        <source>Cannot create the store %1: %2.</source>
        <translation>No se puede crear el almacén %1: %2.</translation>
    </message>
    <message>
        <source>another import or action has held the store for more than %1 seconds and is still at work; try again when it has finished</source>
        <translation>otra importación o acción lleva más de %1 segundos ocupando el almacén y sigue en curso; volver a intentarlo cuando haya terminado</translation>
    </message>
    <message>
        <source>the store cannot be changed: %1</source>
        <translation>el almacén no se puede cambiar: %1</translation>
    </message>
    <message>
        <source>the PostgreSQL driver gives no access to its connection</source>
        <translation>el controlador de PostgreSQL no da acceso a su conexión</translation>
    </message>
    <message>
        <source>the SQLite driver gives no access to its connection</source>
        <translation>el controlador de SQLite no da acceso a su conexión</translation>
    </message>
</context>
<context>
    <name>Handoff::DemoCampaign</name>
    <message>
        <source>A demo campaign has between 1 and 1,000,000 contacts (asked for %1).</source>
        <translation>Una campaña de demostración tiene entre 1 y 1.000.000 de contactos (se pidieron %1).</translation>
    </message>
    <message>
        <source>A demo campaign has between 1 and 1,000 senders (asked for %1).</source>
        <translation>Una campaña de demostración tiene entre 1 y 1.000 remitentes (se pidieron %1).</translation>
    </message>
    <message>
        <source>Cannot create the demo campaign: %1</source>
        <translation>No se puede crear la campaña de demostración: %1</translation>
    </message>
</context>
<context>
    <name>Handoff::Duration</name>
    <message>
        <source>&quot;%1&quot; is not a duration: %2 Write a number followed by s, m, h or d, or several such as 1h30m.</source>
        <translation>&quot;%1&quot; no es una duración: %2 Escribir un número seguido de s, m, h o d, o varios como 1h30m.</translation>
    </message>
    <message>
        <source>it is empty.</source>
        <translation>está vacía.</translation>
    </message>
    <message>
        <source>it is longer than a year.</source>
        <translation>es de más de un año.</translation>
    </message>
    <message>
        <source>a number is missing before &quot;%1&quot;.</source>
        <translation>falta un número antes de &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>the unit after %1 is missing.</source>
        <translation>falta la unidad después de %1.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a unit.</source>
        <translation>&quot;%1&quot; no es una unidad.</translation>
    </message>
    <message>
        <source>units go from the largest to the smallest, each once.</source>
        <translation>las unidades van de la mayor a la menor, cada una una vez.</translation>
    </message>
    <message>
        <source>it is zero.</source>
        <translation>es cero.</translation>
    </message>
</context>
<context>
    <name>Handoff::GzipDevice</name>
    <message>
        <source>A compressed file can only be read</source>
        <translation>Un archivo comprimido solo se puede leer</translation>
    </message>
    <message>
        <source>Cannot start reading the compressed file</source>
        <translation>No se puede empezar a leer el archivo comprimido</translation>
    </message>
    <message>
        <source>The compressed file is cut short</source>
        <translation>El archivo comprimido está cortado</translation>
    </message>
    <message>
        <source>The compressed file has data after its end</source>
        <translation>El archivo comprimido tiene datos después de su final</translation>
    </message>
    <message>
        <source>The compressed file is damaged: %1</source>
        <translation>El archivo comprimido está dañado: %1</translation>
    </message>
</context>
<context>
    <name>Handoff::HistoryMoveTableModel</name>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>To</source>
        <translation>A</translation>
    </message>
</context>
<context>
    <name>Handoff::HistoryTab</name>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>&amp;Undo Selected Action</source>
        <translation>Deshacer la acción &amp;seleccionada</translation>
    </message>
    <message>
        <source>Put the selected action&apos;s conversations back where they were, if they are still where it put them</source>
        <translation>Devolver las conversaciones de la acción seleccionada a donde estaban, si siguen donde la acción las puso</translation>
    </message>
    <message>
        <source>Undo Selected Action</source>
        <translation>Deshacer la acción seleccionada</translation>
    </message>
    <message>
        <source>Newest first. Undo restores only the conversations still where the action put them.</source>
        <translation>Las más recientes primero. Deshacer restaura solo las conversaciones que siguen donde la acción las puso.</translation>
    </message>
    <message>
        <source>Past actions</source>
        <translation>Acciones anteriores</translation>
    </message>
    <message>
        <source>Conversations of the action</source>
        <translation>Conversaciones de la acción</translation>
    </message>
    <message>
        <source>Export History as CSV</source>
        <translation>Exportar historial como CSV</translation>
    </message>
    <message>
        <source>Nothing was reassigned in this campaign yet.</source>
        <translation>Todavía no se reasignó nada en esta campaña.</translation>
    </message>
    <message>
        <source>Select an action to see its conversations.</source>
        <translation>Seleccionar una acción para ver sus conversaciones.</translation>
    </message>
    <message>
        <source>1 conversation</source>
        <translation>1 conversación</translation>
    </message>
    <message>
        <source>%1 conversations</source>
        <translation>%1 conversaciones</translation>
    </message>
    <message>
        <source>&lt;b&gt;#%1 %2&lt;/b&gt; by %3 moved %4 (from → to):</source>
        <translation>&lt;b&gt;#%1 %2&lt;/b&gt; de %3 movió %4 (de → a):</translation>
    </message>
    <message>
        <source>Undone. Restored 1 conversation</source>
        <translation>Deshecho. Se restauró 1 conversación</translation>
    </message>
    <message>
        <source>Undone. Restored %1 conversations</source>
        <translation>Deshecho. Se restauraron %1 conversaciones</translation>
    </message>
    <message>
        <source>Could not restore 1: %1.</source>
        <translation>No se pudo restaurar 1: %1.</translation>
    </message>
    <message>
        <source>Could not restore %1: %2.</source>
        <translation>No se pudieron restaurar %1: %2.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>Undoing</source>
        <translation>Deshaciendo</translation>
    </message>
    <message>
        <source>Restoring %1 conversations…</source>
        <translation>Restaurando %1 conversaciones…</translation>
    </message>
    <message>
        <source>Cancelled: nothing was undone.</source>
        <translation>Cancelado: no se deshizo nada.</translation>
    </message>
</context>
<context>
    <name>Handoff::HistoryTableModel</name>
    <message>
        <source>Sender: %1</source>
        <translation>Remitente: %1</translation>
    </message>
    <message>
        <source>Undoes #%1</source>
        <translation>Deshace #%1</translation>
    </message>
    <message>
        <source>Undone by #%1</source>
        <translation>Deshecha por #%1</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>1 conversation moved</source>
        <translation>1 conversación movida</translation>
    </message>
    <message>
        <source>%1 conversations moved</source>
        <translation>%1 conversaciones movidas</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Alcance</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Status Filter</source>
        <translation>Filtro de estado</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>Movidas</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Omitidas</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>%1 left where they were by the cap</source>
        <translation>%1 dejadas donde estaban por el tope</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
</context>
<context>
    <name>Handoff::ImportCommands</name>
    <message>
        <source>Deal the new conversations out to these senders, in turn, in file order (default: they wait in Unassigned).</source>
        <translation>Repartir las conversaciones nuevas entre estos remitentes, por turnos, en el orden del archivo (predeterminado: esperan en Sin asignar).</translation>
    </message>
    <message>
        <source>The country of numbers written without a country code, as two letters (default: US).</source>
        <translation>El país de los números escritos sin código de país, con dos letras (predeterminado: US).</translation>
    </message>
    <message>
        <source>--region must be a two-letter country code such as US, not &quot;%1&quot;.</source>
        <translation>--region debe ser un código de país de dos letras como US, no &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Importing contacts…</source>
        <translation>Importando contactos…</translation>
    </message>
    <message>
        <source>Imported 1 contact into campaign &quot;%1&quot;.</source>
        <translation>Se importó 1 contacto en la campaña &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Imported %1 contacts into campaign &quot;%2&quot;.</source>
        <translation>Se importaron %1 contactos en la campaña &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>Dealt out: %1.</source>
        <translation>Repartidas: %1.</translation>
    </message>
    <message>
        <source>Loading messages…</source>
        <translation>Cargando mensajes…</translation>
    </message>
    <message>
        <source>Recorded 1 message in campaign &quot;%1&quot;.</source>
        <translation>Se registró 1 mensaje en la campaña &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Recorded %1 messages in campaign &quot;%2&quot;.</source>
        <translation>Se registraron %1 mensajes en la campaña &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>1 contact opted out.</source>
        <translation>1 contacto dado de baja.</translation>
    </message>
    <message>
        <source>%1 contacts opted out.</source>
        <translation>%1 contactos dados de baja.</translation>
    </message>
    <message>
        <source>Rejected 1 line:</source>
        <translation>Se rechazó 1 línea:</translation>
    </message>
    <message>
        <source>Rejected %1 lines:</source>
        <translation>Se rechazaron %1 líneas:</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>línea %1: %2</translation>
    </message>
    <message>
        <source>Nothing was imported into campaign &quot;%1&quot;.</source>
        <translation>No se importó nada en la campaña &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>No message was recorded in campaign &quot;%1&quot;.</source>
        <translation>No se registró ningún mensaje en la campaña &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>No se puede leer %1: %2</translation>
    </message>
    <message>
        <source>The contact file; - reads standard input.</source>
        <translation>El archivo de contactos; - lee la entrada estándar.</translation>
    </message>
    <message>
        <source>The file&apos;s format: auto (default), handoff, twilio-csv, twilio-json, spoke, spoke-rewired, mapped.</source>
        <translation>El formato del archivo: auto (predeterminado), handoff, twilio-csv, twilio-json, spoke, spoke-rewired, mapped.</translation>
    </message>
    <message>
        <source>For --format mapped: the direction column&apos;s value for a message from the contact.</source>
        <translation>Con --format mapped: el valor de la columna de dirección para un mensaje del contacto.</translation>
    </message>
    <message>
        <source>For --format mapped: the direction column&apos;s value for a message to the contact.</source>
        <translation>Con --format mapped: el valor de la columna de dirección para un mensaje al contacto.</translation>
    </message>
    <message>
        <source>The time zone of dates written without one, as an IANA name such as America/Chicago (default: UTC).</source>
        <translation>La zona horaria de las fechas escritas sin ella, como nombre IANA, p. ej. America/Chicago (predeterminado: UTC).</translation>
    </message>
    <message>
        <source>The events file, .gz or not; - reads standard input.</source>
        <translation>El archivo de eventos, .gz o no; - lee la entrada estándar.</translation>
    </message>
    <message>
        <source>--format must be one of %1, not &quot;%2&quot;.</source>
        <translation>--format debe ser uno de %1, no «%2».</translation>
    </message>
    <message>
        <source>--map, --inbound and --outbound go with --format mapped.</source>
        <translation>--map, --inbound y --outbound van con --format mapped.</translation>
    </message>
    <message>
        <source>--map: %1.</source>
        <translation>--map: %1.</translation>
    </message>
    <message>
        <source>--format mapped needs --map, --inbound and --outbound: %1</source>
        <translation>--format mapped necesita --map, --inbound y --outbound: %1</translation>
    </message>
    <message>
        <source>--timezone: &quot;%1&quot; is not a time zone; write a name such as America/Chicago.</source>
        <translation>--timezone: «%1» no es una zona horaria; escriba un nombre como America/Chicago.</translation>
    </message>
    <message>
        <source>Import contacts from a CSV file: a header row, then one contact a row. Columns are
matched by name, ignoring case (first/last name, phone/cell/mobile, zip); any other
column is kept as a custom field. Phones are checked and written in E.164. Rows with a
missing, invalid or duplicate phone are left out and listed with their line. The file
goes in whole or not at all; when every row is left out for a problem, nothing is imported
and the command exits 1. Spoke&apos;s contact exports (MoveOn&apos;s and Rewired&apos;s contact[...]
columns) are read as they are: opted-out contacts come in opted out, and
--assign-from-export gives each conversation to the texter the export names.</source>
        <translation>Importar contactos de un archivo CSV: una fila de encabezado y luego un contacto por fila. Las
columnas se reconocen por nombre, sin distinguir mayúsculas (nombre/apellido, phone/cell/mobile,
zip); cualquier otra columna se guarda como campo personalizado. Los teléfonos se verifican y se
escriben en E.164. Las filas con teléfono ausente, inválido o duplicado se dejan fuera y se listan
con su línea. El archivo entra entero o no entra; cuando todas las filas quedan fuera por un
problema, no se importa nada y el comando sale con 1. Las exportaciones de contactos de Spoke
(las de MoveOn y las columnas contact[...] de Rewired) se leen tal cual: los contactos dados de baja
entran dados de baja, y --assign-from-export da cada conversación al remitente que nombra la exportación.</translation>
    </message>
    <message>
        <source>Give each conversation to the texter the Spoke export names (texterFirst, texterLast,
texterEmail); texters join the roster (matched by e-mail, else by name) and the campaign.</source>
        <translation>Dar cada conversación al remitente que nombra la exportación de Spoke (texterFirst, texterLast,
texterEmail); los remitentes se suman a la nómina (por correo electrónico, si no por nombre) y a la campaña.</translation>
    </message>
    <message>
        <source>Use --deal-to or --assign-from-export, not both.</source>
        <translation>Usar --deal-to o --assign-from-export, no ambas.</translation>
    </message>
    <message>
        <source>Assigned from the export: %1.</source>
        <translation>Asignadas según la exportación: %1.</translation>
    </message>
    <message>
        <source>Load the messages a texting gateway or tool reported. The formats:
  handoff        Handoff&apos;s JSON Lines, one event a line:
                 {&quot;phone&quot;:&quot;+14152301001&quot;,&quot;direction&quot;:&quot;out&quot;,&quot;body&quot;:&quot;Hi!&quot;,
                  &quot;at&quot;:&quot;2026-11-20T10:01:00Z&quot;,&quot;sender&quot;:&quot;Ana&quot;}
  twilio-csv     Twilio Console message log: From, To, Body, Status, SentDate,
                 Direction, Sid (in any order; other columns are ignored)
  twilio-json    Twilio bulk export (JSON Lines): sid, from, to, body, status,
                 direction, date_sent (or date_created)
  spoke          Spoke message export: contact_number, is_from_contact, text,
                 attempted_at, send_status
  spoke-rewired  Spoke Rewired message export: contactNumber, isFromContact, text,
                 attemptedAt, sendStatus, texter[firstName], texter[lastName]
  mapped         any other CSV: --map phone=COLUMN,direction=COLUMN,body=COLUMN,
                 at=COLUMN[,sender=COLUMN][,number=COLUMN][,id=COLUMN]
                 --inbound VALUE --outbound VALUE (number: the texting number it went out from)
With auto (the default) the header or first record tells the format, and the report
names it. A .gz file is read as it is. Each message updates its conversation&apos;s status;
an inbound STOP opts the contact out; an outbound message that failed or was undelivered
does not count as sent. Lines that cannot be read, or whose phone is not in the campaign,
are listed with their line. The file goes in whole or not at all; when every line is left
out, nothing is recorded and the command exits 1.</source>
        <translation>Carga los mensajes que informó una pasarela o herramienta de envío de SMS. Los formatos:
  handoff        JSON Lines de Handoff, un evento por línea:
                 {&quot;phone&quot;:&quot;+14152301001&quot;,&quot;direction&quot;:&quot;out&quot;,&quot;body&quot;:&quot;Hi!&quot;,
                  &quot;at&quot;:&quot;2026-11-20T10:01:00Z&quot;,&quot;sender&quot;:&quot;Ana&quot;}
  twilio-csv     registro de mensajes de la consola de Twilio: From, To, Body, Status,
                 SentDate, Direction, Sid (en cualquier orden; las demás columnas se ignoran)
  twilio-json    exportación masiva de Twilio (JSON Lines): sid, from, to, body, status,
                 direction, date_sent (o date_created)
  spoke          exportación de mensajes de Spoke: contact_number, is_from_contact, text,
                 attempted_at, send_status
  spoke-rewired  exportación de mensajes de Spoke Rewired: contactNumber, isFromContact, text,
                 attemptedAt, sendStatus, texter[firstName], texter[lastName]
  mapped         cualquier otro CSV: --map phone=COLUMNA,direction=COLUMNA,body=COLUMNA,
                 at=COLUMNA[,sender=COLUMNA][,number=COLUMNA][,id=COLUMNA]
                 --inbound VALOR --outbound VALOR (number: el número de envío del que salió)
Con auto (el predeterminado) el encabezado o el primer registro indica el formato, y el
informe lo nombra. Un archivo .gz se lee tal cual. Cada mensaje actualiza el estado de su
conversación; un STOP entrante da de baja al contacto; un mensaje saliente que falló o no se
entregó no cuenta como enviado. Las líneas que no se pueden leer, o cuyo teléfono no está en la
campaña, se listan con su línea. El archivo entra entero o nada; cuando se omiten todas las
líneas, no se registra nada y la orden sale con 1.</translation>
    </message>
    <message>
        <source>For --format mapped: the column of each field, as phone=COLUMN,direction=COLUMN,body=COLUMN,at=COLUMN and optionally sender=COLUMN, number=COLUMN and id=COLUMN.</source>
        <translation>Con --format mapped: la columna de cada campo, como phone=COLUMNA,direction=COLUMNA,body=COLUMNA,at=COLUMNA y, si se quiere, sender=COLUMNA, number=COLUMNA e id=COLUMNA.</translation>
    </message>
</context>
<context>
    <name>Handoff::ImportContactsDialog</name>
    <message>
        <source>Import Contacts</source>
        <translation>Importar contactos</translation>
    </message>
    <message>
        <source>From &lt;b&gt;%1&lt;/b&gt; — the first rows:</source>
        <translation>De &lt;b&gt;%1&lt;/b&gt;: las primeras filas:</translation>
    </message>
    <message>
        <source>Which column holds</source>
        <translation>Qué columna contiene</translation>
    </message>
    <message>
        <source>First name column</source>
        <translation>Columna del nombre</translation>
    </message>
    <message>
        <source>Last name column</source>
        <translation>Columna del apellido</translation>
    </message>
    <message>
        <source>Phone column</source>
        <translation>Columna del teléfono</translation>
    </message>
    <message>
        <source>ZIP column</source>
        <translation>Columna del código postal</translation>
    </message>
    <message>
        <source>&amp;First name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>&amp;Last name:</source>
        <translation>&amp;Apellido:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Teléfono:</translation>
    </message>
    <message>
        <source>&amp;ZIP:</source>
        <translation>&amp;Código postal:</translation>
    </message>
    <message>
        <source>Every other column is kept as a custom field. Phones become E.164; rows with a missing, invalid or repeated phone are listed afterwards with their line.</source>
        <translation>Cualquier otra columna se guarda como campo personalizado. Los teléfonos pasan a E.164; las filas con un teléfono ausente, no válido o repetido se listan después con su línea.</translation>
    </message>
    <message>
        <source>Senders</source>
        <translation>Remitentes</translation>
    </message>
    <message>
        <source>&amp;Deal the new conversations out to these senders (fair split, in file order):</source>
        <translation>&amp;Repartir las conversaciones nuevas entre estos remitentes (reparto equitativo, en el orden del archivo):</translation>
    </message>
    <message>
        <source>Deal out to senders</source>
        <translation>Repartir entre remitentes</translation>
    </message>
    <message>
        <source>Senders to deal to</source>
        <translation>Remitentes entre los que repartir</translation>
    </message>
    <message>
        <source>%1 (sweeper)</source>
        <translation>%1 (respondedor)</translation>
    </message>
    <message>
        <source>Select s&amp;weepers</source>
        <translation>Seleccionar res&amp;pondedores</translation>
    </message>
    <message>
        <source>Select sweepers</source>
        <translation>Seleccionar respondedores</translation>
    </message>
    <message>
        <source>Otherwise they wait in Unassigned.</source>
        <translation>Si no, esperan en Sin asignar.</translation>
    </message>
    <message>
        <source>The campaign has no senders yet: the new conversations wait in Unassigned.</source>
        <translation>La campaña aún no tiene remitentes: las conversaciones nuevas esperan en Sin asignar.</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>No se puede leer %1: %2</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>El archivo está vacío.</translation>
    </message>
    <message>
        <source>Line %1</source>
        <translation>Línea %1</translation>
    </message>
    <message>
        <source>(no column)</source>
        <translation>(ninguna columna)</translation>
    </message>
    <message>
        <source>Column %1: %2</source>
        <translation>Columna %1: %2</translation>
    </message>
    <message>
        <source>custom field</source>
        <translation>campo personalizado</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>teléfono</translation>
    </message>
    <message>
        <source>first name</source>
        <translation>nombre</translation>
    </message>
    <message>
        <source>last name</source>
        <translation>apellido</translation>
    </message>
    <message>
        <source>ZIP</source>
        <translation>Código postal</translation>
    </message>
    <message>
        <source>%1
→ %2</source>
        <translation>%1
→ %2</translation>
    </message>
    <message>
        <source>Choose the column that holds the phone numbers.</source>
        <translation>Elegir la columna que contiene los números de teléfono.</translation>
    </message>
    <message>
        <source>Column %1 cannot be both the %2 and the %3.</source>
        <translation>La columna %1 no puede ser a la vez la de %2 y la de %3.</translation>
    </message>
    <message>
        <source>Tick the senders to deal the contacts to, or untick dealing.</source>
        <translation>Marcar los remitentes entre los que repartir los contactos, o desmarcar el reparto.</translation>
    </message>
    <message>
        <source>Country of numbers without a country code</source>
        <translation>País de los números sin prefijo internacional</translation>
    </message>
    <message>
        <source>Numbers written with + and a country code are read as written</source>
        <translation>Los números escritos con + y prefijo internacional se leen tal como están</translation>
    </message>
    <message>
        <source>Numbers without +&amp;code are from:</source>
        <translation>Números sin +pr&amp;efijo son de:</translation>
    </message>
    <message>
        <source>%1 (+%2)</source>
        <translation>%1 (+%2)</translation>
    </message>
    <message>
        <source>The file is a Spoke export that names each contact&apos;s texter; texters the roster does not know join it (matched by e-mail, else by name), and join the campaign</source>
        <translation>El archivo es una exportación de Spoke que nombra el remitente de cada contacto; los remitentes que la nómina no conoce se suman a ella (por correo electrónico, si no por nombre) y a la campaña</translation>
    </message>
    <message>
        <source>Assign from the export</source>
        <translation>Asignar según la exportación</translation>
    </message>
    <message>
        <source>&amp;Give each conversation to the texter the export names</source>
        <translation>Dar cada conversación al remitente que nombra la e&amp;xportación</translation>
    </message>
    <message>
        <source>opted out</source>
        <translation>dado de baja</translation>
    </message>
    <message>
        <source>texter</source>
        <translation>remitente</translation>
    </message>
    <message>
        <source>custom field “%1”</source>
        <translation>campo personalizado “%1”</translation>
    </message>
</context>
<context>
    <name>Handoff::ImportEventsDialog</name>
    <message>
        <source>Import Message Events</source>
        <translation>Importar eventos de mensajes</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Formato:</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <source>&amp;Time zone of dates without one:</source>
        <translation>&amp;Zona horaria de las fechas sin zona:</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zona horaria</translation>
    </message>
    <message>
        <source>Format read</source>
        <translation>Formato leído</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <source>Which column holds (other CSV)</source>
        <translation>Qué columna contiene (otro CSV)</translation>
    </message>
    <message>
        <source>&amp;Phone of the contact:</source>
        <translation>&amp;Teléfono del contacto:</translation>
    </message>
    <message>
        <source>Phone column</source>
        <translation>Columna del teléfono</translation>
    </message>
    <message>
        <source>&amp;Direction:</source>
        <translation>&amp;Dirección:</translation>
    </message>
    <message>
        <source>Direction column</source>
        <translation>Columna de la dirección</translation>
    </message>
    <message>
        <source>&amp;Inbound value (the contact wrote):</source>
        <translation>Valor &amp;entrante (escribió el contacto):</translation>
    </message>
    <message>
        <source>Inbound value</source>
        <translation>Valor entrante</translation>
    </message>
    <message>
        <source>&amp;Outbound value (the campaign texted):</source>
        <translation>Valor &amp;saliente (escribió la campaña):</translation>
    </message>
    <message>
        <source>Outbound value</source>
        <translation>Valor saliente</translation>
    </message>
    <message>
        <source>Message &amp;text:</source>
        <translation>Te&amp;xto del mensaje:</translation>
    </message>
    <message>
        <source>Text column</source>
        <translation>Columna del texto</translation>
    </message>
    <message>
        <source>&amp;Sent at:</source>
        <translation>En&amp;viado el:</translation>
    </message>
    <message>
        <source>Date column</source>
        <translation>Columna de la fecha</translation>
    </message>
    <message>
        <source>S&amp;ender (optional):</source>
        <translation>&amp;Remitente (opcional):</translation>
    </message>
    <message>
        <source>Sender column</source>
        <translation>Columna del remitente</translation>
    </message>
    <message>
        <source>Message &amp;id (optional):</source>
        <translation>&amp;Id del mensaje (opcional):</translation>
    </message>
    <message>
        <source>Message id column</source>
        <translation>Columna del id del mensaje</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>From &lt;b&gt;%1&lt;/b&gt;:</source>
        <translation>De &lt;b&gt;%1&lt;/b&gt;:</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Sent at (UTC)</source>
        <translation>Enviado el (UTC)</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Remitente</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguna)</translation>
    </message>
    <message>
        <source>(choose a column)</source>
        <translation>(elija una columna)</translation>
    </message>
    <message>
        <source>Column %1: %2</source>
        <translation>Columna %1: %2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>No se puede leer %1: %2</translation>
    </message>
    <message>
        <source>Recognised as: %1.</source>
        <translation>Reconocido como: %1.</translation>
    </message>
    <message>
        <source>Read as: %1.</source>
        <translation>Leído como: %1.</translation>
    </message>
    <message>
        <source>The file is compressed (gzip).</source>
        <translation>El archivo está comprimido (gzip).</translation>
    </message>
    <message>
        <source>Left out: %1</source>
        <translation>Se omite: %1</translation>
    </message>
    <message>
        <source>from the contact</source>
        <translation>del contacto</translation>
    </message>
    <message>
        <source>to the contact</source>
        <translation>al contacto</translation>
    </message>
    <message>
        <source>Failed: not counted as sent</source>
        <translation>Falló: no cuenta como enviado</translation>
    </message>
    <message>
        <source>Sent from n&amp;umber (optional):</source>
        <translation>Enviado desde el nú&amp;mero (opcional):</translation>
    </message>
    <message>
        <source>Sent from number column</source>
        <translation>Columna del número de envío</translation>
    </message>
    <message>
        <source>The texting number an outbound message went out from: it names the sender when the file does not</source>
        <translation>El número de envío del que salió un mensaje saliente: indica el remitente cuando el archivo no lo nombra</translation>
    </message>
</context>
<context>
    <name>Handoff::ImportReportDialog</name>
    <message>
        <source>No line was rejected.</source>
        <translation>No se rechazó ninguna línea.</translation>
    </message>
    <message>
        <source>1 line was left out:</source>
        <translation>Se omitió 1 línea:</translation>
    </message>
    <message>
        <source>%1 lines were left out:</source>
        <translation>Se omitieron %1 líneas:</translation>
    </message>
    <message>
        <source>Rejected lines</source>
        <translation>Líneas rechazadas</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>&amp;Save Report…</source>
        <translation>&amp;Guardar informe…</translation>
    </message>
    <message>
        <source>Save Report</source>
        <translation>Guardar informe</translation>
    </message>
    <message>
        <source>%1
File: %2
</source>
        <translation>%1
Archivo: %2
</translation>
    </message>
    <message>
        <source>No line was rejected.
</source>
        <translation>No se rechazó ninguna línea.
</translation>
    </message>
    <message>
        <source>Rejected lines:
</source>
        <translation>Líneas rechazadas:
</translation>
    </message>
    <message>
        <source>Line %1: %2
</source>
        <translation>Línea %1: %2
</translation>
    </message>
    <message>
        <source>%1 import report.txt</source>
        <translation>%1 informe de importación.txt</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>Archivos de texto (*.txt)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>Handoff::MainWindow</name>
    <message>
        <source>Handoff</source>
        <translation>Handoff</translation>
    </message>
    <message>
        <source>Who the history records for your actions (Edit ▸ Manager Name…)</source>
        <translation>Nombre con el que el historial registra sus acciones (Editar ▸ Nombre del coordinador…)</translation>
    </message>
    <message>
        <source>Where the data lives</source>
        <translation>Dónde están los datos</translation>
    </message>
    <message>
        <source>Manager: %1</source>
        <translation>Coordinador: %1</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Vistas</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversaciones</translation>
    </message>
    <message>
        <source>Senders</source>
        <translation>Remitentes</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;New Campaign…</source>
        <translation>&amp;Nueva campaña…</translation>
    </message>
    <message>
        <source>Start a new campaign</source>
        <translation>Iniciar una campaña nueva</translation>
    </message>
    <message>
        <source>&amp;Archive Campaign…</source>
        <translation>&amp;Archivar campaña…</translation>
    </message>
    <message>
        <source>Keep the campaign, read-only: nothing is reassigned, imported or undone in it</source>
        <translation>Conservar la campaña en solo lectura: en ella no se reasigna, importa ni deshace nada</translation>
    </message>
    <message>
        <source>Un&amp;archive Campaign</source>
        <translation>Desa&amp;rchivar campaña</translation>
    </message>
    <message>
        <source>&amp;Import Contacts…</source>
        <translation>&amp;Importar contactos…</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Add contacts from a CSV file to the campaign</source>
        <translation>Agregar contactos a la campaña desde un archivo CSV</translation>
    </message>
    <message>
        <source>Import &amp;Message Events…</source>
        <translation>Importar eventos de &amp;mensajes…</translation>
    </message>
    <message>
        <source>Load a texting gateway&apos;s messages (JSON Lines) so statuses follow them</source>
        <translation>Cargar los mensajes de una pasarela de SMS (JSON Lines) para que los estados los reflejen</translation>
    </message>
    <message>
        <source>&amp;Export Conversations as CSV…</source>
        <translation>&amp;Exportar conversaciones como CSV…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>Write the conversation table, as narrowed and sorted now, to a CSV file</source>
        <translation>Escribir la tabla de conversaciones, con el filtro y el orden actuales, en un archivo CSV</translation>
    </message>
    <message>
        <source>Export &amp;History as CSV…</source>
        <translation>Exportar &amp;historial como CSV…</translation>
    </message>
    <message>
        <source>Write every action of the campaign, newest first, to a CSV file</source>
        <translation>Escribir todas las acciones de la campaña, de la más reciente a la más antigua, en un archivo CSV</translation>
    </message>
    <message>
        <source>Create &amp;Demo Campaign…</source>
        <translation>Crear campaña de &amp;demostración…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Undo Last Action</source>
        <translation>&amp;Deshacer la última acción</translation>
    </message>
    <message>
        <source>Ctrl+Z</source>
        <translation>Ctrl+Z</translation>
    </message>
    <message>
        <source>Undo the campaign&apos;s last action that is not undone yet, even after a restart</source>
        <translation>Deshacer la última acción de la campaña que aún no se deshizo, incluso después de reiniciar</translation>
    </message>
    <message>
        <source>&amp;Manager Name…</source>
        <translation>&amp;Nombre del coordinador…</translation>
    </message>
    <message>
        <source>The name the history records for your actions</source>
        <translation>El nombre con el que el historial registra sus acciones</translation>
    </message>
    <message>
        <source>&amp;Conversations</source>
        <translation>&amp;Conversaciones</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Act&amp;ualizar</translation>
    </message>
    <message>
        <source>&amp;Senders</source>
        <translation>&amp;Remitentes</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About Handoff</source>
        <translation>&amp;Acerca de Handoff</translation>
    </message>
    <message>
        <source>About Handoff</source>
        <translation>Acerca de Handoff</translation>
    </message>
    <message>
        <source>Handoff %1
Move texting conversations between senders exactly, safely and fast.</source>
        <translation>Handoff %1
Mueve conversaciones de mensajes de texto entre remitentes con exactitud, seguridad y rapidez.</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>&amp;Campaign:</source>
        <translation>&amp;Campaña:</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>Campaña</translation>
    </message>
    <message>
        <source>%1 (archived)</source>
        <translation>%1 (archivada)</translation>
    </message>
    <message>
        <source>&lt;b&gt;&quot;%1&quot; is archived&lt;/b&gt; and opens read-only: nothing can be reassigned, imported or undone in it. File ▸ Unarchive Campaign makes it editable again.</source>
        <translation>&lt;b&gt;&quot;%1&quot; está archivada&lt;/b&gt; y se abre en solo lectura: en ella no se puede reasignar, importar ni deshacer nada. Archivo ▸ Desarchivar campaña permite editarla de nuevo.</translation>
    </message>
    <message>
        <source>Archived campaign: read-only</source>
        <translation>Campaña archivada: solo lectura</translation>
    </message>
    <message>
        <source>%1 — Handoff</source>
        <translation>%1 — Handoff</translation>
    </message>
    <message>
        <source>New Campaign</source>
        <translation>Nueva campaña</translation>
    </message>
    <message>
        <source>Name of the new campaign:</source>
        <translation>Nombre de la campaña nueva:</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Crear</translation>
    </message>
    <message>
        <source>Created the campaign &quot;%1&quot;. Add its senders, then import its contacts.</source>
        <translation>Se creó la campaña &quot;%1&quot;. Agregar sus remitentes y luego importar sus contactos.</translation>
    </message>
    <message>
        <source>Archive &quot;%1&quot;? An archived campaign opens read-only: nothing can be reassigned, imported or undone in it until it is unarchived.</source>
        <translation>¿Archivar &quot;%1&quot;? Una campaña archivada se abre en solo lectura: en ella no se puede reasignar, importar ni deshacer nada hasta que se desarchive.</translation>
    </message>
    <message>
        <source>Archive Campaign</source>
        <translation>Archivar campaña</translation>
    </message>
    <message>
        <source>Archived &quot;%1&quot;.</source>
        <translation>Se archivó &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Unarchive Campaign</source>
        <translation>Desarchivar campaña</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is editable again.</source>
        <translation>&quot;%1&quot; se puede editar de nuevo.</translation>
    </message>
    <message>
        <source>Manager Name</source>
        <translation>Nombre del coordinador</translation>
    </message>
    <message>
        <source>Your actions are recorded as %1 from now on.</source>
        <translation>A partir de ahora, sus acciones se registran como %1.</translation>
    </message>
    <message>
        <source>Handoff closes when the work in progress is done.</source>
        <translation>Handoff se cerrará cuando termine el trabajo en curso.</translation>
    </message>
    <message>
        <source>&amp;Language…</source>
        <translation>&amp;Idioma…</translation>
    </message>
    <message>
        <source>The language Handoff speaks, from its next start</source>
        <translation>El idioma de Handoff, a partir del próximo inicio</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>El idioma del sistema</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Handoff speaks, from its next start:</source>
        <translation>Idioma de Handoff, a partir del próximo inicio:</translation>
    </message>
    <message>
        <source>Handoff will speak %1 from its next start.</source>
        <translation>Handoff usará %1 a partir del próximo inicio.</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <source>Connection to the store lost</source>
        <translation>Se perdió la conexión con el almacén</translation>
    </message>
    <message>
        <source>Lost the connection to the store (%1). Nothing can be changed until it is back; Handoff keeps trying.</source>
        <translation>Se perdió la conexión con el almacén (%1). No se puede cambiar nada hasta que vuelva; Handoff sigue intentándolo.</translation>
    </message>
    <message>
        <source>Connected to the store again.</source>
        <translation>Conectado de nuevo al almacén.</translation>
    </message>
    <message>
        <source>Connect to &amp;Server…</source>
        <translation>Conectar con un &amp;servidor…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Work on the PostgreSQL server your team shares</source>
        <translation>Trabajar en el servidor PostgreSQL que comparte su equipo</translation>
    </message>
    <message>
        <source>Open &amp;Local Store</source>
        <translation>Abrir el almacén &amp;local</translation>
    </message>
    <message>
        <source>Work on the campaigns kept on this computer</source>
        <translation>Trabajar en las campañas guardadas en este equipo</translation>
    </message>
    <message>
        <source>Open Local Store</source>
        <translation>Abrir el almacén local</translation>
    </message>
    <message>
        <source>Opened %1.</source>
        <translation>Abierto %1.</translation>
    </message>
    <message>
        <source>Connect to Server</source>
        <translation>Conectar con un servidor</translation>
    </message>
    <message>
        <source>your login name, %1</source>
        <translation>su nombre de inicio de sesión, %1</translation>
    </message>
    <message>
        <source>your user on the server, %1</source>
        <translation>su usuario en el servidor, %1</translation>
    </message>
    <message>
        <source>Your name, as the history records your actions (empty: %1):</source>
        <translation>Su nombre, tal como el historial registra sus acciones (vacío: %1):</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Solo lectura</translation>
    </message>
    <message>
        <source>Nothing can be changed: %1</source>
        <translation>No se puede cambiar nada: %1</translation>
    </message>
    <message>
        <source>Store opened read-only</source>
        <translation>Almacén abierto en solo lectura</translation>
    </message>
    <message>
        <source>Opened %1 read-only: %2.</source>
        <translation>Se abrió %1 en solo lectura: %2.</translation>
    </message>
    <message>
        <source>%1 — Handoff (read-only)</source>
        <translation>%1 — Handoff (solo lectura)</translation>
    </message>
    <message>
        <source>Handoff (read-only)</source>
        <translation>Handoff (solo lectura)</translation>
    </message>
    <message>
        <source>$HANDOFF_ACTOR, %1</source>
        <translation>$HANDOFF_ACTOR, %1</translation>
    </message>
    <message>
        <source>The daily backup failed: %1</source>
        <translation>La copia de seguridad diaria falló: %1</translation>
    </message>
    <message>
        <source>&amp;Back Up Store…</source>
        <translation>&amp;Hacer copia de seguridad del almacén…</translation>
    </message>
    <message>
        <source>Copy every campaign of this store to a file</source>
        <translation>Copiar todas las campañas de este almacén a un archivo</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>&amp;Restaurar…</translation>
    </message>
    <message>
        <source>Put a backup in place of this store</source>
        <translation>Poner una copia de seguridad en lugar de este almacén</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restaurar</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation>Ctrl+2</translation>
    </message>
    <message>
        <source>Ctrl+3</source>
        <translation>Ctrl+3</translation>
    </message>
    <message>
        <source>Pulse</source>
        <translation>Pulso</translation>
    </message>
    <message>
        <source>Charts of the campaign&apos;s progress, reply waits and sender load</source>
        <translation>Gráficos del progreso de la campaña, la espera de las respuestas y la carga de los remitentes</translation>
    </message>
    <message>
        <source>Ctrl+5</source>
        <translation>Ctrl+5</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Reglas</translation>
    </message>
    <message>
        <source>Ctrl+4</source>
        <translation>Ctrl+4</translation>
    </message>
</context>
<context>
    <name>Handoff::MessageEventFile</name>
    <message>
        <source>Missing &quot;%1&quot;</source>
        <translation>Falta &quot;%1&quot;</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a string</source>
        <translation>&quot;%1&quot; no es una cadena</translation>
    </message>
    <message>
        <source>Not valid JSON: %1 (at offset %2)</source>
        <translation>JSON no válido: %1 (en la posición %2)</translation>
    </message>
    <message>
        <source>Not a JSON object</source>
        <translation>No es un objeto JSON</translation>
    </message>
    <message>
        <source>&quot;phone&quot; is empty</source>
        <translation>&quot;phone&quot; está vacío</translation>
    </message>
    <message>
        <source>&quot;direction&quot; must be &quot;in&quot; or &quot;out&quot;, not &quot;%1&quot;</source>
        <translation>&quot;direction&quot; debe ser &quot;in&quot; u &quot;out&quot;, no &quot;%1&quot;</translation>
    </message>
    <message>
        <source>&quot;at&quot; is not an ISO 8601 date and time: &quot;%1&quot;</source>
        <translation>&quot;at&quot; no es una fecha y hora ISO 8601: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>&quot;at&quot; has no time zone: &quot;%1&quot; (add Z or an offset such as +02:00)</source>
        <translation>&quot;at&quot; no tiene zona horaria: &quot;%1&quot; (agregar Z o un desfase como +02:00)</translation>
    </message>
    <message>
        <source>The file is not open for reading</source>
        <translation>El archivo no está abierto para lectura</translation>
    </message>
    <message>
        <source>Phone &quot;%1&quot; has no country code: write it in E.164 form (+ and up to 15 digits)</source>
        <translation>El teléfono &quot;%1&quot; no tiene código de país: escríbalo en formato E.164 (+ y hasta 15 dígitos)</translation>
    </message>
    <message>
        <source>Phone &quot;%1&quot; is not a valid number: %2</source>
        <translation>El teléfono &quot;%1&quot; no es un número válido: %2</translation>
    </message>
    <message>
        <source>&quot;at&quot; is more than a day in the future: &quot;%1&quot;</source>
        <translation>&quot;at&quot; está más de un día en el futuro: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>&quot;body&quot; is longer than %1 characters</source>
        <translation>&quot;body&quot; tiene más de %1 caracteres</translation>
    </message>
    <message>
        <source>&quot;body&quot; has a NUL character</source>
        <translation>&quot;body&quot; tiene un carácter NUL</translation>
    </message>
    <message>
        <source>&quot;sender&quot; is longer than %1 characters</source>
        <translation>&quot;sender&quot; tiene más de %1 caracteres</translation>
    </message>
    <message>
        <source>&quot;sender&quot; has a NUL character</source>
        <translation>&quot;sender&quot; tiene un carácter NUL</translation>
    </message>
    <message>
        <source>longer than %1 bytes</source>
        <translation>más de %1 bytes</translation>
    </message>
    <message>
        <source>Could not read the file: %1</source>
        <translation>No se pudo leer el archivo: %1</translation>
    </message>
</context>
<context>
    <name>Handoff::MessageEventImporter</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>No se puede leer %1: %2</translation>
    </message>
    <message>
        <source>No message was recorded: %1</source>
        <translation>No se registró ningún mensaje: %1</translation>
    </message>
    <message>
        <source>no conversation with %1 in campaign &quot;%2&quot;</source>
        <translation>no hay ninguna conversación con %1 en la campaña &quot;%2&quot;</translation>
    </message>
    <message>
        <source>1 message names &quot;%1&quot;, who is not on the roster; it was recorded without a sender (line %2).</source>
        <translation>1 mensaje nombra a &quot;%1&quot;, que no está en la nómina; se registró sin remitente (línea %2).</translation>
    </message>
    <message>
        <source>%1 messages name &quot;%2&quot;, who is not on the roster; they were recorded without a sender (lines %3).</source>
        <translation>%1 mensajes nombran a &quot;%2&quot;, que no está en la nómina; se registraron sin remitente (líneas %3).</translation>
    </message>
    <message>
        <source>Read as %1, compressed (recognised from the file).</source>
        <translation>Leído como %1, comprimido (reconocido por el archivo).</translation>
    </message>
    <message>
        <source>Read as %1, compressed.</source>
        <translation>Leído como %1, comprimido.</translation>
    </message>
    <message>
        <source>Read as %1 (recognised from the file).</source>
        <translation>Leído como %1 (reconocido por el archivo).</translation>
    </message>
    <message>
        <source>Read as %1.</source>
        <translation>Leído como %1.</translation>
    </message>
    <message>
        <source>The import was cancelled; no message was recorded.</source>
        <translation>La importación se canceló; no se registró ningún mensaje.</translation>
    </message>
    <message>
        <source>1 message appeared twice in the file (same id); it was recorded once.</source>
        <translation>1 mensaje aparecía dos veces en el archivo (mismo id); se registró una vez.</translation>
    </message>
    <message>
        <source>%1 messages appeared twice in the file (same id); each was recorded once.</source>
        <translation>%1 mensajes aparecían dos veces en el archivo (mismo id); cada uno se registró una vez.</translation>
    </message>
    <message>
        <source>1 date had no time zone; it was read as %1.</source>
        <translation>1 fecha no tenía zona horaria; se leyó como %1.</translation>
    </message>
    <message>
        <source>%1 dates had no time zone; they were read as %2.</source>
        <translation>%1 fechas no tenían zona horaria; se leyeron como %2.</translation>
    </message>
    <message>
        <source>1 message is for a phone that is not in the campaign; it was left out (line %1).</source>
        <translation>1 mensaje es para un teléfono que no está en la campaña; se omitió (línea %1).</translation>
    </message>
    <message>
        <source>%1 messages are for phones that are not in the campaign; they were left out (lines %2).</source>
        <translation>%1 mensajes son para teléfonos que no están en la campaña; se omitieron (líneas %2).</translation>
    </message>
    <message>
        <source>1 message was already in the campaign (same id); it was not recorded again.</source>
        <translation>1 mensaje ya estaba en la campaña (mismo id); no se registró de nuevo.</translation>
    </message>
    <message>
        <source>%1 messages were already in the campaign (same id); they were not recorded again.</source>
        <translation>%1 mensajes ya estaban en la campaña (mismo id); no se registraron de nuevo.</translation>
    </message>
    <message>
        <source>1 outbound message names no sender; it was recorded without one.</source>
        <translation>1 mensaje saliente no nombra remitente; se registró sin él.</translation>
    </message>
    <message>
        <source>%1 outbound messages name no sender; they were recorded without one.</source>
        <translation>%1 mensajes salientes no nombran remitente; se registraron sin él.</translation>
    </message>
    <message>
        <source>1 outbound message had failed or was undelivered; it was recorded as failed and not counted as sent.</source>
        <translation>1 mensaje saliente falló o no se entregó; se registró como fallido y no cuenta como enviado.</translation>
    </message>
    <message>
        <source>%1 outbound messages had failed or were undelivered; they were recorded as failed and not counted as sent.</source>
        <translation>%1 mensajes salientes fallaron o no se entregaron; se registraron como fallidos y no cuentan como enviados.</translation>
    </message>
    <message>
        <source>1 outbound message was attributed by the number it was sent from.</source>
        <translation>1 mensaje saliente se atribuyó por el número desde el que se envió.</translation>
    </message>
    <message>
        <source>%1 outbound messages were attributed by the number they were sent from.</source>
        <translation>%1 mensajes salientes se atribuyeron por el número desde el que se enviaron.</translation>
    </message>
    <message>
        <source>1 outbound message was sent from %1, which is no sender&apos;s texting number; it was recorded without a sender (line %2).</source>
        <translation>1 mensaje saliente se envió desde %1, que no es el número de envío de ningún remitente; se registró sin remitente (línea %2).</translation>
    </message>
    <message>
        <source>%1 outbound messages were sent from %2, which is no sender&apos;s texting number; they were recorded without a sender (lines %3).</source>
        <translation>%1 mensajes salientes se enviaron desde %2, que no es el número de envío de ningún remitente; se registraron sin remitente (líneas %3).</translation>
    </message>
</context>
<context>
    <name>Handoff::MessageLogFormats</name>
    <message>
        <source>Recognise from the file</source>
        <translation>Reconocer por el archivo</translation>
    </message>
    <message>
        <source>Handoff message events (JSON Lines)</source>
        <translation>Eventos de mensajes de Handoff (JSON Lines)</translation>
    </message>
    <message>
        <source>Twilio message log (CSV)</source>
        <translation>Registro de mensajes de Twilio (CSV)</translation>
    </message>
    <message>
        <source>Twilio bulk export (JSON Lines)</source>
        <translation>Exportación masiva de Twilio (JSON Lines)</translation>
    </message>
    <message>
        <source>Spoke message export (CSV)</source>
        <translation>Exportación de mensajes de Spoke (CSV)</translation>
    </message>
    <message>
        <source>Spoke Rewired message export (CSV)</source>
        <translation>Exportación de mensajes de Spoke Rewired (CSV)</translation>
    </message>
    <message>
        <source>Other CSV, by column mapping</source>
        <translation>Otro CSV, asignando columnas</translation>
    </message>
</context>
<context>
    <name>Handoff::MessageLogReader</name>
    <message>
        <source>&quot;%1&quot; is not FIELD=COLUMN</source>
        <translation>«%1» no es CAMPO=COLUMNA</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a field; the fields are %2</source>
        <translation>«%1» no es un campo; los campos son %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is mapped twice</source>
        <translation>«%1» está asignado dos veces</translation>
    </message>
    <message>
        <source>Choose a column for: %1.</source>
        <translation>Elija una columna para: %1.</translation>
    </message>
    <message>
        <source>Give the values of the direction column that mean inbound and outbound.</source>
        <translation>Indique los valores de la columna de dirección que significan entrante y saliente.</translation>
    </message>
    <message>
        <source>The inbound and outbound values must differ.</source>
        <translation>Los valores entrante y saliente deben ser distintos.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is empty</source>
        <translation>«%1» está vacío</translation>
    </message>
    <message>
        <source>Phone &quot;%1&quot; is not a valid number: %2</source>
        <translation>El teléfono «%1» no es un número válido: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date and time: &quot;%2&quot;</source>
        <translation>«%1» no es una fecha y hora: «%2»</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is more than a day in the future: &quot;%2&quot;</source>
        <translation>«%1» está más de un día en el futuro: «%2»</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is longer than %2 characters</source>
        <translation>«%1» tiene más de %2 caracteres</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has a NUL character</source>
        <translation>«%1» tiene un carácter NUL</translation>
    </message>
    <message>
        <source>Not valid JSON: %1</source>
        <translation>No es JSON válido: %1</translation>
    </message>
    <message>
        <source>Not a JSON object</source>
        <translation>No es un objeto JSON</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a string</source>
        <translation>«%1» no es una cadena</translation>
    </message>
    <message>
        <source>&quot;direction&quot; must be inbound or outbound-api, outbound-reply or outbound-call, not &quot;%1&quot;</source>
        <translation>«direction» debe ser inbound u outbound-api, outbound-reply u outbound-call, no «%1»</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>El archivo está vacío.</translation>
    </message>
    <message>
        <source>Its first record has the fields %1, which match no format Handoff reads.</source>
        <translation>Su primer registro tiene los campos %1, que no corresponden a ningún formato que Handoff lea.</translation>
    </message>
    <message>
        <source>Its first line is not a JSON object.</source>
        <translation>Su primera línea no es un objeto JSON.</translation>
    </message>
    <message>
        <source>Its header (%1) matches no format Handoff reads; choose &quot;%2&quot; and name the columns.</source>
        <translation>Su encabezado (%1) no corresponde a ningún formato que Handoff lea; elija «%2» e indique las columnas.</translation>
    </message>
    <message>
        <source>The file is not open for reading</source>
        <translation>El archivo no está abierto para lectura</translation>
    </message>
    <message>
        <source>The format of the file is not one Handoff knows. %1</source>
        <translation>El formato del archivo no es uno que Handoff conozca. %1</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Línea %1: %2</translation>
    </message>
    <message>
        <source>The file has no column %1, which a file of the format %2 needs. Its columns are: %3.</source>
        <translation>El archivo no tiene la columna %1, que necesita un archivo del formato %2. Sus columnas son: %3.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be inbound or outbound-api, outbound-reply or outbound-call, not &quot;%2&quot;</source>
        <translation>«%1» debe ser inbound u outbound-api, outbound-reply u outbound-call, no «%2»</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be true or false, not &quot;%2&quot;</source>
        <translation>«%1» debe ser true o false, no «%2»</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be &quot;%2&quot; or &quot;%3&quot;, not &quot;%4&quot;</source>
        <translation>«%1» debe ser «%2» o «%3», no «%4»</translation>
    </message>
</context>
<context>
    <name>Handoff::MessageStore</name>
    <message>
        <source>Cannot record the messages from %1 on: %2</source>
        <translation>No se pueden registrar los mensajes a partir de %1: %2</translation>
    </message>
</context>
<context>
    <name>Handoff::MoveStore</name>
    <message>
        <source>Nothing was moved: %1</source>
        <translation>No se movió nada: %1</translation>
    </message>
    <message>
        <source>the campaign no longer exists.</source>
        <translation>la campaña ya no existe.</translation>
    </message>
    <message>
        <source>campaign &quot;%1&quot; is archived.</source>
        <translation>la campaña &quot;%1&quot; está archivada.</translation>
    </message>
    <message>
        <source>there is no action %1 in the history.</source>
        <translation>no hay ninguna acción %1 en el historial.</translation>
    </message>
    <message>
        <source>action %1 was already undone, by action %2.</source>
        <translation>la acción %1 ya se deshizo, con la acción %2.</translation>
    </message>
    <message>
        <source>the action was cancelled.</source>
        <translation>se canceló la acción.</translation>
    </message>
    <message>
        <source>The connection to the server was lost while the action was being saved; it either happened completely or not at all. Look at the history to see which. (%1)</source>
        <translation>Se perdió la conexión con el servidor mientras se guardaba la acción; se realizó por completo o no se realizó en absoluto. Consultar el historial para saber cuál de las dos. (%1)</translation>
    </message>
    <message>
        <source>%1 conversations were planned but %2 were accounted for.</source>
        <translation>se planificaron %1 conversaciones, pero se contabilizaron %2.</translation>
    </message>
</context>
<context>
    <name>Handoff::PasswordVault</name>
    <message>
        <source>the system keychain refused access</source>
        <translation>el llavero del sistema denegó el acceso</translation>
    </message>
    <message>
        <source>the system keychain could not be reached; start and unlock GNOME Keyring or KWallet</source>
        <translation>no se pudo acceder al llavero del sistema; inicie y desbloquee GNOME Keyring o KWallet</translation>
    </message>
    <message>
        <source>the system keychain could not be reached (%1); start and unlock GNOME Keyring or KWallet</source>
        <translation>no se pudo acceder al llavero del sistema (%1); inicie y desbloquee GNOME Keyring o KWallet</translation>
    </message>
    <message>
        <source>the system keychain did not answer</source>
        <translation>el llavero del sistema no respondió</translation>
    </message>
</context>
<context>
    <name>Handoff::PhoneNormalizer</name>
    <message>
        <source>too short</source>
        <translation>demasiado corto</translation>
    </message>
    <message>
        <source>too long</source>
        <translation>demasiado largo</translation>
    </message>
    <message>
        <source>unknown country code</source>
        <translation>código de país desconocido</translation>
    </message>
    <message>
        <source>not a phone number</source>
        <translation>no es un número de teléfono</translation>
    </message>
    <message>
        <source>missing area code</source>
        <translation>falta el código de área</translation>
    </message>
    <message>
        <source>wrong number of digits</source>
        <translation>cantidad de dígitos incorrecta</translation>
    </message>
    <message>
        <source>not a valid number for region %1</source>
        <translation>no es un número válido para la región %1</translation>
    </message>
    <message>
        <source>no phone number</source>
        <translation>sin número de teléfono</translation>
    </message>
</context>
<context>
    <name>Handoff::Presence</name>
    <message>
        <source>On shift</source>
        <translation>En turno</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Ausente</translation>
    </message>
    <message>
        <source>Done for today</source>
        <translation>Terminó por hoy</translation>
    </message>
</context>
<context>
    <name>Handoff::Pulse</name>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>0–%1</source>
        <translation>0–%1</translation>
    </message>
    <message>
        <source>≥ %1</source>
        <translation>≥ %1</translation>
    </message>
    <message>
        <source>%1–%2 min</source>
        <translation>%1–%2 min</translation>
    </message>
    <message>
        <source>%1–%2 h</source>
        <translation>%1–%2 h</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>First texts</source>
        <translation>Primeros mensajes</translation>
    </message>
    <message>
        <source>Replies received</source>
        <translation>Respuestas recibidas</translation>
    </message>
    <message>
        <source>Replies waiting</source>
        <translation>Respuestas en espera</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Acciones</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Espera</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Contestadas</translation>
    </message>
    <message>
        <source>Waiting now</source>
        <translation>Esperando ahora</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>Mediana</translation>
    </message>
    <message>
        <source>95th percentile</source>
        <translation>Percentil 95</translation>
    </message>
    <message>
        <source>Oldest waiting</source>
        <translation>La que más espera</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Remitente</translation>
    </message>
    <message>
        <source>Sweeper</source>
        <translation>Respondedor</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>Presencia</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
</context>
<context>
    <name>Handoff::PulseStore</name>
    <message>
        <source>There is no campaign with id %1.</source>
        <translation>No hay ninguna campaña con el id %1.</translation>
    </message>
    <message>
        <source>The campaign&apos;s messages could not be read: %1</source>
        <translation>No se pudieron leer los mensajes de la campaña: %1</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>%1 sweepers</source>
        <translation>%1 respondedores</translation>
    </message>
    <message>
        <source>%1 senders</source>
        <translation>%1 remitentes</translation>
    </message>
    <message>
        <source>%1, %2 → %3</source>
        <translation>%1, %2 → %3</translation>
    </message>
    <message>
        <source>The campaign&apos;s progress could not be read: %1</source>
        <translation>No se pudo leer el avance de la campaña: %1</translation>
    </message>
    <message>
        <source>The reply waits could not be read: %1</source>
        <translation>No se pudieron leer las esperas de las respuestas: %1</translation>
    </message>
    <message>
        <source>The Pulse sums could not be kept: %1</source>
        <translation>No se pudieron mantener las sumas de Pulso: %1</translation>
    </message>
    <message>
        <source>The Pulse sums could not be made again: %1</source>
        <translation>No se pudieron rehacer las sumas de Pulso: %1</translation>
    </message>
</context>
<context>
    <name>Handoff::PulseTab</name>
    <message>
        <source>Progress over time</source>
        <translation>Progreso en el tiempo</translation>
    </message>
    <message>
        <source>&amp;Per:</source>
        <translation>&amp;Por:</translation>
    </message>
    <message>
        <source>Progress Per</source>
        <translation>Progreso por</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>Show as &amp;table</source>
        <translation>Ver como &amp;tabla</translation>
    </message>
    <message>
        <source>Show the same numbers as a table, to read aloud or copy into a spreadsheet</source>
        <translation>Muestra las mismas cifras en una tabla, para leerlas en voz alta o copiarlas en una hoja de cálculo</translation>
    </message>
    <message>
        <source>Show Progress Chart as Table</source>
        <translation>Ver el gráfico de progreso como tabla</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <source>Save the chart as PNG or SVG, or its numbers as CSV</source>
        <translation>Guarda el gráfico como PNG o SVG, o sus cifras como CSV</translation>
    </message>
    <message>
        <source>Export Progress Chart</source>
        <translation>Exportar el gráfico de progreso</translation>
    </message>
    <message>
        <source>Progress Chart</source>
        <translation>Gráfico de progreso</translation>
    </message>
    <message>
        <source>Per hour or per day: contacts texted for the first time, replies received, and replies waiting at the end of each period; a triangle on the time axis for each action that moved conversations.</source>
        <translation>Por hora o por día: contactos a los que se escribió por primera vez, respuestas recibidas y respuestas en espera al final de cada periodo; un triángulo en el eje del tiempo por cada acción que movió conversaciones.</translation>
    </message>
    <message>
        <source>Progress Chart Table</source>
        <translation>Tabla del gráfico de progreso</translation>
    </message>
    <message>
        <source>Reply wait</source>
        <translation>Espera de las respuestas</translation>
    </message>
    <message>
        <source>&amp;Answered in:</source>
        <translation>&amp;Contestadas en:</translation>
    </message>
    <message>
        <source>Answered In</source>
        <translation>Contestadas en</translation>
    </message>
    <message>
        <source>The whole campaign</source>
        <translation>Toda la campaña</translation>
    </message>
    <message>
        <source>The last 8 hours</source>
        <translation>Las últimas 8 horas</translation>
    </message>
    <message>
        <source>Show Reply Wait Chart as Table</source>
        <translation>Ver el gráfico de espera como tabla</translation>
    </message>
    <message>
        <source>Export Reply Wait Chart</source>
        <translation>Exportar el gráfico de espera</translation>
    </message>
    <message>
        <source>Reply Wait Chart</source>
        <translation>Gráfico de espera de las respuestas</translation>
    </message>
    <message>
        <source>How long answered replies waited for the next outbound message, and how long the replies now waiting have waited, in bins from under 5 minutes to over 24 hours; the bins of the median and the 95th percentile are marked.</source>
        <translation>Cuánto esperaron las respuestas contestadas hasta el siguiente mensaje enviado, y cuánto llevan esperando las respuestas que esperan ahora, en intervalos desde menos de 5 minutos hasta más de 24 horas; se marcan los intervalos de la mediana y del percentil 95.</translation>
    </message>
    <message>
        <source>Reply Wait Chart Table</source>
        <translation>Tabla del gráfico de espera</translation>
    </message>
    <message>
        <source>Sender load</source>
        <translation>Carga de los remitentes</translation>
    </message>
    <message>
        <source>Show Sender Load Chart as Table</source>
        <translation>Ver el gráfico de carga como tabla</translation>
    </message>
    <message>
        <source>Export Sender Load Chart</source>
        <translation>Exportar el gráfico de carga</translation>
    </message>
    <message>
        <source>Sender Load Chart</source>
        <translation>Gráfico de carga de los remitentes</translation>
    </message>
    <message>
        <source>One bar per sender, in the order of the sender list: Not Started, Needs Reply, Waiting and Opted Out conversations. Sweepers are marked with a star, senders away or done with their presence. Click a bar to select the sender on the Conversations tab.</source>
        <translation>Una barra por remitente, en el orden de la lista de remitentes: conversaciones Sin iniciar, Necesita respuesta, En espera y Dado de baja. Los respondedores llevan una estrella, y los remitentes ausentes o que terminaron, su presencia. Pulse una barra para seleccionar al remitente en la pestaña Conversaciones.</translation>
    </message>
    <message>
        <source>Scroll Senders</source>
        <translation>Desplazar remitentes</translation>
    </message>
    <message>
        <source>Sender Load Chart Table</source>
        <translation>Tabla del gráfico de carga</translation>
    </message>
    <message>
        <source>Chart as &amp;PNG…</source>
        <translation>Gráfico como &amp;PNG…</translation>
    </message>
    <message>
        <source>Chart as &amp;SVG…</source>
        <translation>Gráfico como &amp;SVG…</translation>
    </message>
    <message>
        <source>Numbers as &amp;CSV…</source>
        <translation>Cifras como &amp;CSV…</translation>
    </message>
    <message>
        <source>The Pulse charts could not be read: %1</source>
        <translation>No se pudieron leer los gráficos de Pulso: %1</translation>
    </message>
    <message>
        <source>First texts</source>
        <translation>Primeros mensajes</translation>
    </message>
    <message>
        <source>Replies received</source>
        <translation>Respuestas recibidas</translation>
    </message>
    <message>
        <source>Replies waiting</source>
        <translation>Respuestas en espera</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Acciones</translation>
    </message>
    <message>
        <source>Hover a triangle for the action it marks</source>
        <translation>Pase el puntero sobre un triángulo para ver la acción que marca</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Contestadas</translation>
    </message>
    <message>
        <source>Waiting now</source>
        <translation>Esperando ahora</translation>
    </message>
    <message>
        <source>▲ median</source>
        <translation>▲ mediana</translation>
    </message>
    <message>
        <source>▲ 95%</source>
        <translation>▲ 95 %</translation>
    </message>
    <message>
        <source>Median %1 · 95th percentile %2 · waiting now: %3, oldest %4</source>
        <translation>Mediana %1 · percentil 95 %2 · esperando ahora: %3, la más antigua %4</translation>
    </message>
    <message>
        <source>progress</source>
        <translation>progreso</translation>
    </message>
    <message>
        <source>reply-wait</source>
        <translation>espera-respuestas</translation>
    </message>
    <message>
        <source>sender-load</source>
        <translation>carga-remitentes</translation>
    </message>
    <message>
        <source>Export Chart as SVG</source>
        <translation>Exportar el gráfico como SVG</translation>
    </message>
    <message>
        <source>Export Chart as PNG</source>
        <translation>Exportar el gráfico como PNG</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>Imágenes SVG (*.svg)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Imágenes PNG (*.png)</translation>
    </message>
    <message>
        <source>Export Chart</source>
        <translation>Exportar el gráfico</translation>
    </message>
    <message>
        <source>The chart could not be written to %1.</source>
        <translation>No se pudo guardar el gráfico en %1.</translation>
    </message>
    <message>
        <source>Chart saved to %1.</source>
        <translation>Gráfico guardado en %1.</translation>
    </message>
    <message>
        <source>Export Numbers as CSV</source>
        <translation>Exportar las cifras como CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export Numbers</source>
        <translation>Exportar las cifras</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>No se pudo escribir %1: %2</translation>
    </message>
    <message>
        <source>Numbers saved to %1.</source>
        <translation>Cifras guardadas en %1.</translation>
    </message>
</context>
<context>
    <name>Handoff::ReassignCommands</name>
    <message>
        <source>Show how many would move to each sender; move nothing.</source>
        <translation>Mostrar cuántas se moverían a cada remitente; no mover nada.</translation>
    </message>
    <message>
        <source>Take from the whole campaign.</source>
        <translation>Tomar de toda la campaña.</translation>
    </message>
    <message>
        <source>Take from this sender.</source>
        <translation>Tomar de este remitente.</translation>
    </message>
    <message>
        <source>Take from the Unassigned pool.</source>
        <translation>Tomar del grupo Sin asignar.</translation>
    </message>
    <message>
        <source>Move N conversations.</source>
        <translation>Mover N conversaciones.</translation>
    </message>
    <message>
        <source>Move every matching conversation.</source>
        <translation>Mover todas las conversaciones coincidentes.</translation>
    </message>
    <message>
        <source>Say where the conversations come from with exactly one of --bulk, --from SENDER or --from-unassigned.</source>
        <translation>Indicar de dónde vienen las conversaciones con exactamente una de --bulk, --from SENDER o --from-unassigned.</translation>
    </message>
    <message>
        <source>Say how many with --count N, or --all.</source>
        <translation>Indicar cuántas con --count N, o --all.</translation>
    </message>
    <message>
        <source>Use either --count N or --all, not both.</source>
        <translation>Usar --count N o --all, no ambas.</translation>
    </message>
    <message>
        <source>reassign needs --to SENDER[,SENDER...].</source>
        <translation>reassign necesita --to SENDER[,SENDER...].</translation>
    </message>
    <message>
        <source>Every sender of the campaign.</source>
        <translation>Todos los remitentes de la campaña.</translation>
    </message>
    <message>
        <source>This sender only.</source>
        <translation>Solo este remitente.</translation>
    </message>
    <message>
        <source>Say whose conversations with exactly one of --bulk or --from SENDER.</source>
        <translation>Indicar de quién son las conversaciones con exactamente una de --bulk o --from SENDER.</translation>
    </message>
    <message>
        <source>Undo the campaign&apos;s newest action not yet undone. Only the conversations still where
it put them go back; the others are counted as skipped.</source>
        <translation>Deshacer la acción más reciente de la campaña que aún no se deshizo. Solo vuelven las conversaciones
que siguen donde la acción las puso; las demás se cuentan como omitidas.</translation>
    </message>
    <message>
        <source>Undid action %1 (%2 by %3).</source>
        <translation>Se deshizo la acción %1 (%2 de %3).</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>Would move %1 of %2 matching</source>
        <translation>Se moverían %1 de %2 coincidentes</translation>
    </message>
    <message>
        <source>The senders to move them to, comma-separated or --to repeated (see below).</source>
        <translation>Los remitentes a los que moverlas, separados por comas o con --to repetido (ver abajo).</translation>
    </message>
    <message>
        <source>Move conversations to other senders, dealt out in turn in the order the senders are
given, so that no sender gets two more than another.
--count N takes the N that waited longest (oldest last activity first, ties by id).
--bulk takes from the whole campaign, except what the chosen senders already hold.
Held conversations stay where they are unless --include-held is given.
--balance gives each conversation to the sender then holding the fewest open ones
(Not Started + Needs Reply), ties in the order given; --cap N leaves where they are
the conversations no sender can take without holding more than N open ones.</source>
        <translation>Mover conversaciones a otros remitentes, repartidas por turno en el orden en que se indican
los remitentes, de modo que ninguno reciba dos más que otro.
--count N toma las N que más esperaron (la última actividad más antigua primero, empates por id).
--bulk toma de toda la campaña, salvo lo que ya tienen los remitentes elegidos.
Las conversaciones retenidas quedan donde están salvo que se indique --include-held.
--balance da cada conversación al remitente que entonces tiene menos abiertas
(Sin iniciar + Necesita respuesta), empates en el orden indicado; --cap N deja donde están
las conversaciones que ningún remitente puede tomar sin tener más de N abiertas.</translation>
    </message>
    <message>
        <source>Move every matching conversation back to Unassigned. Held conversations stay where
they are unless --include-held is given.</source>
        <translation>Devolver a Sin asignar todas las conversaciones que coinciden. Las conversaciones retenidas
quedan donde están salvo que se indique --include-held.</translation>
    </message>
    <message>
        <source>1 held conversation was left out (--include-held moves it).</source>
        <translation>1 conversación retenida quedó fuera (--include-held la mueve).</translation>
    </message>
    <message>
        <source>%1 held conversations were left out (--include-held moves them).</source>
        <translation>%1 conversaciones retenidas quedaron fuera (--include-held las mueve).</translation>
    </message>
    <message>
        <source>%1: open work %2 → %3</source>
        <translation>%1: trabajo abierto %2 → %3</translation>
    </message>
    <message>
        <source>1 held conversation is left out (--include-held moves it).</source>
        <translation>1 conversación retenida queda fuera (--include-held la mueve).</translation>
    </message>
    <message>
        <source>%1 held conversations are left out (--include-held moves them).</source>
        <translation>%1 conversaciones retenidas quedan fuera (--include-held las mueve).</translation>
    </message>
    <message>
        <source>%1 would stay where they are: every sender would be at the cap of %2 open conversations.</source>
        <translation>%1 quedarían donde están: todos los remitentes estarían en el tope de %2 conversaciones abiertas.</translation>
    </message>
    <message>
        <source>Give each conversation to the sender then holding the fewest open ones (Not Started + Needs Reply), ties in the order given.</source>
        <translation>Dar cada conversación al remitente que entonces tiene menos abiertas (Sin iniciar + Necesita respuesta), empates en el orden indicado.</translation>
    </message>
    <message>
        <source>No sender ends with more than N open conversations; what does not fit stays where it is.</source>
        <translation>Ningún remitente termina con más de N conversaciones abiertas; lo que no cabe queda donde está.</translation>
    </message>
    <message>
        <source>Hold conversations: bulk and sender actions leave them where they are unless
they include held ones. Moving one conversation moves it regardless.</source>
        <translation>Retener conversaciones: las acciones masivas y de remitente las dejan donde están salvo que
incluyan las retenidas. Mover una sola conversación la mueve de todos modos.</translation>
    </message>
    <message>
        <source>Release held conversations: bulk and sender actions take them again.</source>
        <translation>Liberar conversaciones retenidas: las acciones masivas y de remitente vuelven a tomarlas.</translation>
    </message>
    <message>
        <source>The conversations&apos; IDs, comma-separated (those of &quot;handoff-cli conversations&quot;).</source>
        <translation>Los ID de las conversaciones, separados por comas (los de &quot;handoff-cli conversations&quot;).</translation>
    </message>
    <message>
        <source>Why they are held (&quot;escalated&quot;).</source>
        <translation>Por qué se retienen (&quot;escalada&quot;).</translation>
    </message>
    <message>
        <source>Held 1 conversation.</source>
        <translation>Se retuvo 1 conversación.</translation>
    </message>
    <message>
        <source>Held %1 conversations.</source>
        <translation>Se retuvieron %1 conversaciones.</translation>
    </message>
    <message>
        <source>Released 1 conversation.</source>
        <translation>Se liberó 1 conversación.</translation>
    </message>
    <message>
        <source>Released %1 conversations.</source>
        <translation>Se liberaron %1 conversaciones.</translation>
    </message>
    <message>
        <source>The conversations&apos; IDs, comma-separated or --conversation repeated.</source>
        <translation>Los identificadores de las conversaciones, separados por comas o con --conversation repetido.</translation>
    </message>
    <message>
        <source>The senders to move them to, comma-separated or --to repeated.</source>
        <translation>Los remitentes a los que moverlas, separados por comas o con --to repetido.</translation>
    </message>
    <message>
        <source>Move them to Unassigned.</source>
        <translation>Moverlas a Sin asignar.</translation>
    </message>
    <message>
        <source>Say where they go with exactly one of --to SENDER or --unassign.</source>
        <translation>Indique adónde van con exactamente una de --to SENDER o --unassign.</translation>
    </message>
    <message>
        <source>Move conversations you name to senders, or to Unassigned. The IDs are those of
&quot;handoff-cli conversations&quot;. Several conversations are dealt out in turn over the
senders (or, with --balance, to whoever holds the least open work), in the order both
are given, as one action of the history; one already with the sender it is dealt to stays.</source>
        <translation>Mover las conversaciones indicadas a remitentes, o a Sin asignar. Los identificadores son los de
&quot;handoff-cli conversations&quot;. Varias conversaciones se reparten por turnos entre los
remitentes (o, con --balance, a quien tenga menos trabajo abierto), en el orden en que se indican
ambos, como una sola acción del historial; la que ya está con el remitente que le toca se queda.</translation>
    </message>
</context>
<context>
    <name>Handoff::ReassignDialog</name>
    <message>
        <source>Bulk Reassign Some</source>
        <translation>Reasignar algunas (masivo)</translation>
    </message>
    <message>
        <source>Reassign Some</source>
        <translation>Reasignar algunas</translation>
    </message>
    <message>
        <source>Bulk Reassign All</source>
        <translation>Reasignar todas (masivo)</translation>
    </message>
    <message>
        <source>Reassign All</source>
        <translation>Reasignar todas</translation>
    </message>
    <message>
        <source>Bulk Unassign All</source>
        <translation>Desasignar todas (masivo)</translation>
    </message>
    <message>
        <source>Unassign All</source>
        <translation>Desasignar todas</translation>
    </message>
    <message>
        <source>Reassign Conversation</source>
        <translation>Reasignar conversación</translation>
    </message>
    <message>
        <source>Where should the conversation with %1 go?</source>
        <translation>¿Adónde debe ir la conversación con %1?</translation>
    </message>
    <message>
        <source>Move every sender&apos;s matching conversations back to Unassigned.</source>
        <translation>Devolver las conversaciones coincidentes de todos los remitentes a Sin asignar.</translation>
    </message>
    <message>
        <source>Move %1&apos;s matching conversations back to Unassigned.</source>
        <translation>Devolver las conversaciones coincidentes de %1 a Sin asignar.</translation>
    </message>
    <message>
        <source>Move some conversations, from across the campaign, to the senders you choose.</source>
        <translation>Mover algunas conversaciones, de toda la campaña, a los remitentes que se elijan.</translation>
    </message>
    <message>
        <source>Move every matching conversation of the campaign to the senders you choose.</source>
        <translation>Mover todas las conversaciones coincidentes de la campaña a los remitentes que se elijan.</translation>
    </message>
    <message>
        <source>Move some of %1&apos;s conversations to other senders.</source>
        <translation>Mover algunas de las conversaciones de %1 a otros remitentes.</translation>
    </message>
    <message>
        <source>Move all of %1&apos;s matching conversations to other senders.</source>
        <translation>Mover todas las conversaciones coincidentes de %1 a otros remitentes.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Estado:</translation>
    </message>
    <message>
        <source>How many</source>
        <translation>Cuántas</translation>
    </message>
    <message>
        <source>&amp;How many:</source>
        <translation>&amp;Cuántas:</translation>
    </message>
    <message>
        <source>Move &amp;to:</source>
        <translation>Mover &amp;a:</translation>
    </message>
    <message>
        <source>Reassign &amp;to (tick one or more senders):</source>
        <translation>Reasignar &amp;a (marcar uno o más remitentes):</translation>
    </message>
    <message>
        <source>Filter senders</source>
        <translation>Filtrar remitentes</translation>
    </message>
    <message>
        <source>Select s&amp;weepers</source>
        <translation>Seleccionar res&amp;pondedores</translation>
    </message>
    <message>
        <source>Select sweepers</source>
        <translation>Seleccionar respondedores</translation>
    </message>
    <message>
        <source>Reassign to</source>
        <translation>Reasignar a</translation>
    </message>
    <message>
        <source>Longest-waiting first: the conversations with the oldest last activity go first, dealt in turn to each chosen sender in the order you ticked them, so each gets a fair share.</source>
        <translation>Las que más esperaron primero: las conversaciones con la última actividad más antigua van primero, repartidas por turnos entre los remitentes elegidos en el orden en que se marcaron, para que cada uno reciba una parte equitativa.</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Unassign</source>
        <translation>Desasignar</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>Reasignar</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>%1 (sweeper)</source>
        <translation>%1 (respondedor)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Choose one sender, or Unassigned, for the conversation.</source>
        <translation>Elegir un remitente, o Sin asignar, para la conversación.</translation>
    </message>
    <message>
        <source>No conversations match &quot;%1&quot; here; there is nothing to move.</source>
        <translation>Aquí no hay conversaciones que coincidan con &quot;%1&quot;; no hay nada que mover.</translation>
    </message>
    <message>
        <source>Choose how many to reassign, from 1 to %1.</source>
        <translation>Elegir cuántas reasignar, de 1 a %1.</translation>
    </message>
    <message>
        <source>Choose at least one sender to reassign to.</source>
        <translation>Elegir al menos un remitente al que reasignar.</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>1 conversation will move:</source>
        <translation>Se moverá 1 conversación:</translation>
    </message>
    <message>
        <source>%1 conversations will move:</source>
        <translation>Se moverán %1 conversaciones:</translation>
    </message>
    <message>
        <source>Nothing will move yet.</source>
        <translation>Todavía no se moverá nada.</translation>
    </message>
    <message>
        <source>Waiting at &amp;least:</source>
        <translation>Esperando al &amp;menos:</translation>
    </message>
    <message>
        <source>Waiting at least</source>
        <translation>Esperando al menos</translation>
    </message>
    <message>
        <source>How long they have waited</source>
        <translation>Cuánto han esperado</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutos</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>horas</translation>
    </message>
    <message>
        <source>Include h&amp;eld conversations</source>
        <translation>Incluir conversaciones re&amp;tenidas</translation>
    </message>
    <message>
        <source>Include held conversations</source>
        <translation>Incluir conversaciones retenidas</translation>
    </message>
    <message>
        <source>&amp;Balance with what they hold</source>
        <translation>&amp;Equilibrar con lo que ya tienen</translation>
    </message>
    <message>
        <source>Balance with what they hold</source>
        <translation>Equilibrar con lo que ya tienen</translation>
    </message>
    <message>
        <source>Each conversation goes to the chosen sender who then holds the fewest open conversations (Not Started and Needs Reply).</source>
        <translation>Cada conversación va al remitente elegido que entonces tiene menos conversaciones abiertas (Sin iniciar y Necesita respuesta).</translation>
    </message>
    <message>
        <source>&amp;Cap open work at:</source>
        <translation>&amp;Tope de trabajo abierto:</translation>
    </message>
    <message>
        <source>Cap open work</source>
        <translation>Tope de trabajo abierto</translation>
    </message>
    <message>
        <source>Most open conversations a sender may hold</source>
        <translation>Máximo de conversaciones abiertas que puede tener un remitente</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Nota:</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Optional, kept in the history</source>
        <translation>Opcional, se guarda en el historial</translation>
    </message>
    <message>
        <source>Open work</source>
        <translation>Trabajo abierto</translation>
    </message>
    <message>
        <source>Left where they are</source>
        <translation>Dejadas donde están</translation>
    </message>
    <message>
        <source>%1 %2 → %3</source>
        <translation>%1 %2 → %3</translation>
    </message>
    <message>
        <source>%1 %2 now</source>
        <translation>%1 %2 ahora</translation>
    </message>
    <message>
        <source>Open work (Not Started + Needs Reply): %1</source>
        <translation>Trabajo abierto (Sin iniciar + Necesita respuesta): %1</translation>
    </message>
    <message>
        <source>1 held conversation is left out.</source>
        <translation>1 conversación retenida queda fuera.</translation>
    </message>
    <message>
        <source>%1 held conversations are left out.</source>
        <translation>%1 conversaciones retenidas quedan fuera.</translation>
    </message>
    <message>
        <source>1 conversation stays where it is: every chosen sender would hold more than %1 open conversations.</source>
        <translation>1 conversación queda donde está: todos los remitentes elegidos tendrían más de %1 conversaciones abiertas.</translation>
    </message>
    <message>
        <source>%1 conversations stay where they are: every chosen sender would hold more than %2 open conversations.</source>
        <translation>%1 conversaciones quedan donde están: todos los remitentes elegidos tendrían más de %2 conversaciones abiertas.</translation>
    </message>
    <message>
        <source>Tick every sweeper who is on shift</source>
        <translation>Marcar a todos los respondedores que están en turno</translation>
    </message>
    <message>
        <source>Reassign Selected</source>
        <translation>Reasignar seleccionadas</translation>
    </message>
    <message>
        <source>Where should the chosen conversation go?</source>
        <translation>¿Adónde debe ir la conversación elegida?</translation>
    </message>
    <message>
        <source>Move the %1 chosen conversations to the senders you choose, dealt in turn, or to Unassigned.</source>
        <translation>Mover las %1 conversaciones elegidas a los remitentes que elija, repartidas por turnos, o a Sin asignar.</translation>
    </message>
    <message>
        <source>1 open</source>
        <translation>1 abierta</translation>
    </message>
    <message>
        <source>%1 open</source>
        <translation>%1 abiertas</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2, %3</translation>
    </message>
    <message>
        <source>Choose at least one sender, or Unassigned.</source>
        <translation>Elija al menos un remitente, o Sin asignar.</translation>
    </message>
    <message>
        <source>%1 is %2, not on shift. Move the conversations to them anyway?</source>
        <translation>%1: %2, no está en turno. ¿Mover las conversaciones de todos modos?</translation>
    </message>
    <message>
        <source>These senders are not on shift: %1. Move the conversations to them anyway?</source>
        <translation>Estos remitentes no están en turno: %1. ¿Mover las conversaciones de todos modos?</translation>
    </message>
</context>
<context>
    <name>Handoff::Reassignment</name>
    <message>
        <source>Bulk</source>
        <translation>Masivo</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Remitente</translation>
    </message>
    <message>
        <source>Single conversation</source>
        <translation>Una conversación</translation>
    </message>
    <message>
        <source>Reassign Some</source>
        <translation>Reasignar algunas</translation>
    </message>
    <message>
        <source>Reassign All</source>
        <translation>Reasignar todas</translation>
    </message>
    <message>
        <source>Unassign All</source>
        <translation>Desasignar todas</translation>
    </message>
    <message>
        <source>Reassign Conversation</source>
        <translation>Reasignar conversación</translation>
    </message>
    <message>
        <source>Remove Sender</source>
        <translation>Quitar remitente</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>Moved 1 conversation</source>
        <translation>Se movió 1 conversación</translation>
    </message>
    <message>
        <source>Moved %1 conversations</source>
        <translation>Se movieron %1 conversaciones</translation>
    </message>
    <message>
        <source>%1 whose status changed</source>
        <translation>%1 cuyo estado cambió</translation>
    </message>
    <message>
        <source>%1 moved by someone else</source>
        <translation>%1 movidas por otra persona</translation>
    </message>
    <message>
        <source>%1 whose sender left the campaign</source>
        <translation>%1 cuyo remitente dejó la campaña</translation>
    </message>
    <message>
        <source>skipped %1</source>
        <translation>omitidas: %1</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>Selección</translation>
    </message>
    <message>
        <source>%1 held since the preview</source>
        <translation>%1 retenidas desde la vista previa</translation>
    </message>
    <message>
        <source>1 stays where it was: every target is at the cap</source>
        <translation>1 queda donde estaba: todos los destinos están en el tope</translation>
    </message>
    <message>
        <source>%1 stay where they were: every target is at the cap</source>
        <translation>%1 quedan donde estaban: todos los destinos están en el tope</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regla</translation>
    </message>
</context>
<context>
    <name>Handoff::ReassignmentController</name>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>sender %1</source>
        <translation>remitente %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a sender of campaign &quot;%2&quot;.</source>
        <translation>&quot;%1&quot; no es remitente de la campaña &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; has no conversation %2.</source>
        <translation>La campaña &quot;%1&quot; no tiene la conversación %2.</translation>
    </message>
    <message>
        <source>Choose one sender, or Unassigned, for the conversation.</source>
        <translation>Elegir un remitente, o Sin asignar, para la conversación.</translation>
    </message>
    <message>
        <source>The conversation with %1 is already with %2.</source>
        <translation>La conversación con %1 ya está con %2.</translation>
    </message>
    <message>
        <source>These conversations are already unassigned.</source>
        <translation>Estas conversaciones ya están sin asignar.</translation>
    </message>
    <message>
        <source>Choose at least one sender to reassign to.</source>
        <translation>Elegir al menos un remitente al que reasignar.</translation>
    </message>
    <message>
        <source>To move conversations to Unassigned, use Unassign All.</source>
        <translation>Para mover conversaciones a Sin asignar, usar Desasignar todas.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is where these conversations come from; choose other senders.</source>
        <translation>Estas conversaciones vienen de &quot;%1&quot;; elegir otros remitentes.</translation>
    </message>
    <message>
        <source>That action cannot be planned.</source>
        <translation>Esa acción no se puede planificar.</translation>
    </message>
    <message>
        <source>No conversations match &quot;%1&quot; here; there is nothing to reassign.</source>
        <translation>Aquí no hay conversaciones que coincidan con &quot;%1&quot;; no hay nada que reasignar.</translation>
    </message>
    <message>
        <source>Choose how many to reassign between 1 and %1 (%1 match &quot;%2&quot;); %3 is out of range.</source>
        <translation>Elegir cuántas reasignar entre 1 y %1 (%1 coinciden con &quot;%2&quot;); %3 está fuera de rango.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is no longer a sender of the campaign.</source>
        <translation>&quot;%1&quot; ya no es remitente de la campaña.</translation>
    </message>
    <message>
        <source>There is nothing to undo in this campaign.</source>
        <translation>No hay nada que deshacer en esta campaña.</translation>
    </message>
    <message>
        <source>There is no action %1 in the history.</source>
        <translation>No hay ninguna acción %1 en el historial.</translation>
    </message>
    <message>
        <source>An undo cannot itself be undone; reassign again instead.</source>
        <translation>Un deshacer no se puede deshacer a su vez; volver a reasignar en su lugar.</translation>
    </message>
    <message>
        <source>That action was already undone.</source>
        <translation>Esa acción ya se deshizo.</translation>
    </message>
    <message>
        <source>The note is %1 characters long; at most %2 are kept.</source>
        <translation>La nota tiene %1 caracteres; se guardan como máximo %2.</translation>
    </message>
    <message>
        <source>The cap must be at least 1 open conversation; %1 is not.</source>
        <translation>El tope debe ser de al menos 1 conversación abierta; %1 no lo es.</translation>
    </message>
    <message>
        <source>How long the conversations have waited cannot be negative.</source>
        <translation>Cuánto han esperado las conversaciones no puede ser negativo.</translation>
    </message>
    <message>
        <source>%1 already holds %2 open conversations, the cap is %3: the conversation stays where it is.</source>
        <translation>%1 ya tiene %2 conversaciones abiertas y el tope es %3: la conversación queda donde está.</translation>
    </message>
    <message>
        <source>No conversations match &quot;%1&quot; here but held ones (%2), which are left out; there is nothing to reassign.</source>
        <translation>Aquí solo coinciden con &quot;%1&quot; conversaciones retenidas (%2), que quedan fuera; no hay nada que reasignar.</translation>
    </message>
    <message>
        <source>Every target already holds %1 or more open conversations, the cap: nothing can move.</source>
        <translation>Todos los destinos ya tienen %1 o más conversaciones abiertas, el tope: no se puede mover nada.</translation>
    </message>
    <message>
        <source>Choose at least one conversation to move.</source>
        <translation>Elija al menos una conversación para mover.</translation>
    </message>
    <message>
        <source>Choose at least one sender, or Unassigned, to move the conversations to.</source>
        <translation>Elija al menos un remitente, o Sin asignar, al que mover las conversaciones.</translation>
    </message>
    <message>
        <source>Unassigned takes the conversations alone; choose it without senders.</source>
        <translation>Sin asignar recibe las conversaciones sola; elíjala sin remitentes.</translation>
    </message>
    <message>
        <source>Conversation %1 is listed twice.</source>
        <translation>La conversación %1 aparece dos veces.</translation>
    </message>
    <message>
        <source>The chosen conversations are already with %1; nothing to move.</source>
        <translation>Las conversaciones elegidas ya están con %1; no hay nada que mover.</translation>
    </message>
    <message>
        <source>Each chosen conversation is already with the sender it would go to; nothing to move.</source>
        <translation>Cada conversación elegida ya está con el remitente al que iría; no hay nada que mover.</translation>
    </message>
    <message>
        <source>A hand-picked move takes at most %1 conversations, not %2; for more, use Bulk Reassign or a sender&apos;s Reassign.</source>
        <translation>Un movimiento elegido a mano admite como máximo %1 conversaciones, no %2; para más, use Reasignación masiva o Reasignar de un remitente.</translation>
    </message>
</context>
<context>
    <name>Handoff::ReportCommands</name>
    <message>
        <source>Count a campaign&apos;s conversations by status, for Unassigned and for each sender.
Progress is the conversations started (texted at least once) of those held.</source>
        <translation>Contar las conversaciones de una campaña por estado, para Sin asignar y para cada remitente.
El progreso son las conversaciones iniciadas (con al menos un mensaje enviado) de las que se tienen.</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Remitente</translation>
    </message>
    <message>
        <source>Sweeper</source>
        <translation>Respondedor</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; (archived)</source>
        <translation>Campaña &quot;%1&quot; (archivada)</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot;</source>
        <translation>Campaña &quot;%1&quot;</translation>
    </message>
    <message>
        <source>List a campaign&apos;s conversations, longest waiting first (the order in which reassign
--count takes them).</source>
        <translation>Listar las conversaciones de una campaña, las que más esperaron primero (el orden en que reassign
--count las toma).</translation>
    </message>
    <message>
        <source>Only this sender&apos;s conversations.</source>
        <translation>Solo las conversaciones de este remitente.</translation>
    </message>
    <message>
        <source>Only the Unassigned pool.</source>
        <translation>Solo el grupo Sin asignar.</translation>
    </message>
    <message>
        <source>Only this status: %1 (default: any).</source>
        <translation>Solo este estado: %1 (predeterminado: any).</translation>
    </message>
    <message>
        <source>Only contacts whose name or phone contains TEXT.</source>
        <translation>Solo los contactos cuyo nombre o teléfono contiene TEXT.</translation>
    </message>
    <message>
        <source>At most N conversations.</source>
        <translation>Como máximo N conversaciones.</translation>
    </message>
    <message>
        <source>Use either --sender NAME or --unassigned, not both.</source>
        <translation>Usar --sender NAME o --unassigned, no ambas.</translation>
    </message>
    <message>
        <source>Unknown status &quot;%1&quot;; use %2.</source>
        <translation>Estado desconocido &quot;%1&quot;; usar %2.</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Last Activity</source>
        <translation>Última actividad</translation>
    </message>
    <message>
        <source>Last Message</source>
        <translation>Último mensaje</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>List a campaign&apos;s actions, newest first: who moved how many conversations where, what
was skipped and why, and what was undone.</source>
        <translation>Listar las acciones de una campaña, la más reciente primero: quién movió cuántas conversaciones
adónde, qué se omitió y por qué, y qué se deshizo.</translation>
    </message>
    <message>
        <source>Only the newest N actions.</source>
        <translation>Solo las N acciones más recientes.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Alcance</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>Movidas</translation>
    </message>
    <message>
        <source>To</source>
        <translation>A</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Omitidas</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>undone by %1</source>
        <translation>deshecha por %1</translation>
    </message>
    <message>
        <source>undoes %1</source>
        <translation>deshace %1</translation>
    </message>
    <message>
        <source>Only held conversations.</source>
        <translation>Solo las conversaciones retenidas.</translation>
    </message>
    <message>
        <source>Only conversations not held.</source>
        <translation>Solo las conversaciones no retenidas.</translation>
    </message>
    <message>
        <source>Use either --held or --not-held, not both.</source>
        <translation>Usar --held o --not-held, no ambas.</translation>
    </message>
    <message>
        <source>Print the series the Pulse tab draws: contacts texted for the first time, replies
received and replies waiting per hour or day, with the actions that moved conversations;
how long answered replies waited (median, 95th percentile) and how long the replies now
waiting have waited; and each sender&apos;s conversations by status.</source>
        <translation>Muestra las series que dibuja la pestaña Pulso: contactos a los que se escribió por primera vez,
respuestas recibidas y respuestas en espera por hora o por día, con las acciones que movieron
conversaciones; cuánto esperaron las respuestas contestadas (mediana, percentil 95) y cuánto
llevan esperando las que esperan ahora; y las conversaciones de cada remitente por estado.</translation>
    </message>
    <message>
        <source>Print CSV: the three tables one after the other, a blank line between them.</source>
        <translation>Escribe CSV: las tres tablas una tras otra, con una línea en blanco entre ellas.</translation>
    </message>
    <message>
        <source>Only the last DURATION: a number and s, m, h or d, or several (8h, 1h30m, 2d). Default: the whole campaign.</source>
        <translation>Solo la última DURACIÓN: un número y s, m, h o d, o varios (8h, 1h30m, 2d). Por omisión: toda la campaña.</translation>
    </message>
    <message>
        <source>Progress per hour or per day. Default: per day when the campaign spans more than three days.</source>
        <translation>Progreso por hora o por día. Por omisión: por día cuando la campaña abarca más de tres días.</translation>
    </message>
    <message>
        <source>Only this series: progress, reply-wait or load.</source>
        <translation>Solo esta serie: progress, reply-wait o load.</translation>
    </message>
    <message>
        <source>Give either --json or --csv.</source>
        <translation>Indique --json o --csv.</translation>
    </message>
    <message>
        <source>Unknown unit &quot;%1&quot;; use hour or day.</source>
        <translation>Unidad desconocida «%1»; use hour o day.</translation>
    </message>
    <message>
        <source>Unknown series &quot;%1&quot;; use %2.</source>
        <translation>Serie desconocida «%1»; use %2.</translation>
    </message>
</context>
<context>
    <name>Handoff::RuleCommands</name>
    <message>
        <source>Add a sweep rule at the end of a campaign&apos;s list.</source>
        <translation>Agregar una regla de barrido al final de la lista de una campaña.</translation>
    </message>
    <message>
        <source>List a campaign&apos;s sweep rules in the order a sweep runs them.</source>
        <translation>Listar las reglas de barrido de una campaña en el orden en que las ejecuta un barrido.</translation>
    </message>
    <message>
        <source>Switch a rule on: sweeps run it.</source>
        <translation>Activar una regla: los barridos la ejecutan.</translation>
    </message>
    <message>
        <source>Switch a rule off: sweeps skip it.</source>
        <translation>Desactivar una regla: los barridos la omiten.</translation>
    </message>
    <message>
        <source>Remove a rule.</source>
        <translation>Quitar una regla.</translation>
    </message>
    <message>
        <source>A campaign&apos;s sweep rules: what a sweep moves, from whom, to whom.</source>
        <translation>Las reglas de barrido de una campaña: qué mueve un barrido, de quién y a quién.</translation>
    </message>
    <message>
        <source>Add a sweep rule at the end of the campaign&apos;s list. Durations are a number and a unit,
s m h or d, such as 30m or 1h30m. Held conversations are never swept.</source>
        <translation>Agregar una regla de barrido al final de la lista de la campaña. Las duraciones son un número y una unidad,
s m h o d, como 30m o 1h30m. Las conversaciones retenidas nunca se barren.</translation>
    </message>
    <message>
        <source>The rule&apos;s name.</source>
        <translation>El nombre de la regla.</translation>
    </message>
    <message>
        <source>Only conversations whose last activity is at least this old.</source>
        <translation>Solo las conversaciones cuya última actividad tiene al menos esta antigüedad.</translation>
    </message>
    <message>
        <source>From every sender.</source>
        <translation>De todos los remitentes.</translation>
    </message>
    <message>
        <source>From senders who are not sweepers.</source>
        <translation>De los remitentes que no son respondedores.</translation>
    </message>
    <message>
        <source>From senders who are away or done for today.</source>
        <translation>De los remitentes ausentes o que terminaron por hoy.</translation>
    </message>
    <message>
        <source>From senders holding open work who have not texted for this long.</source>
        <translation>De los remitentes con trabajo abierto que no envían mensajes desde hace este tiempo.</translation>
    </message>
    <message>
        <source>From the Unassigned pool.</source>
        <translation>Del grupo Sin asignar.</translation>
    </message>
    <message>
        <source>To the sweepers who are on shift.</source>
        <translation>A los respondedores que están en turno.</translation>
    </message>
    <message>
        <source>To every sender who is on shift.</source>
        <translation>A todos los remitentes que están en turno.</translation>
    </message>
    <message>
        <source>To these senders, skipping any who are not on shift.</source>
        <translation>A estos remitentes, omitiendo a los que no estén en turno.</translation>
    </message>
    <message>
        <source>Back to Unassigned.</source>
        <translation>De vuelta a Sin asignar.</translation>
    </message>
    <message>
        <source>Each conversation goes to the target then holding the fewest open conversations.</source>
        <translation>Cada conversación va al destino que entonces tiene menos conversaciones abiertas.</translation>
    </message>
    <message>
        <source>No target ends holding more than N open conversations.</source>
        <translation>Ningún destino termina con más de N conversaciones abiertas.</translation>
    </message>
    <message>
        <source>One sweep moves at most N conversations by this rule.</source>
        <translation>Un barrido mueve como máximo N conversaciones con esta regla.</translation>
    </message>
    <message>
        <source>Add the rule switched off.</source>
        <translation>Agregar la regla desactivada.</translation>
    </message>
    <message>
        <source>Say whose conversations the rule takes: one of --from-all, --from-non-sweepers, --from-away, --from-idle D, --from-unassigned.</source>
        <translation>Indicar de quién toma las conversaciones la regla: una de --from-all, --from-non-sweepers, --from-away, --from-idle D, --from-unassigned.</translation>
    </message>
    <message>
        <source>Say where the rule moves them: one of --to-sweepers, --to-on-shift, --to A[,B...], --to-unassigned.</source>
        <translation>Indicar adónde mueve la regla las conversaciones: una de --to-sweepers, --to-on-shift, --to A[,B...], --to-unassigned.</translation>
    </message>
    <message>
        <source>--balance and --cap choose among senders; Unassigned takes everything.</source>
        <translation>--balance y --cap eligen entre remitentes; Sin asignar recibe todo.</translation>
    </message>
    <message>
        <source>Added rule %1 &quot;%2&quot; to campaign &quot;%3&quot;%4.</source>
        <translation>Se agregó la regla %1 &quot;%2&quot; a la campaña &quot;%3&quot;%4.</translation>
    </message>
    <message>
        <source>, disabled</source>
        <translation>, desactivada</translation>
    </message>
    <message>
        <source>(no longer on the campaign)</source>
        <translation>(ya no está en la campaña)</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; has no rules.</source>
        <translation>La campaña &quot;%1&quot; no tiene reglas.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Activa</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>Qué hace</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Remove a rule from the campaign&apos;s list.</source>
        <translation>Quitar una regla de la lista de la campaña.</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; has no rule named &quot;%2&quot;.</source>
        <translation>La campaña &quot;%1&quot; no tiene ninguna regla llamada &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>Enabled rule &quot;%1&quot;.</source>
        <translation>Se activó la regla &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Disabled rule &quot;%1&quot;.</source>
        <translation>Se desactivó la regla &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Removed rule &quot;%1&quot;.</source>
        <translation>Se quitó la regla &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Run each campaign&apos;s enabled sweep rules once, in order. Each rule that moves conversations
is one action of the history, named after the rule, which &quot;handoff-cli undo&quot; reverts.
Archived campaigns are never swept. --watch sweeps every DURATION until SIGTERM or
SIGINT, which end it between two sweeps.</source>
        <translation>Ejecuta una vez, en orden, las reglas de barrido activadas de cada campaña. Cada regla que mueve
conversaciones es una acción del historial, con el nombre de la regla, que &quot;handoff-cli undo&quot; revierte.
Las campañas archivadas nunca se barren. --watch barre cada DURATION hasta recibir SIGTERM o
SIGINT, que lo terminan entre dos barridos.</translation>
    </message>
    <message>
        <source>Every campaign that is not archived.</source>
        <translation>Todas las campañas que no están archivadas.</translation>
    </message>
    <message>
        <source>Say what each rule would move, per target, and change nothing.</source>
        <translation>Indica qué movería cada regla, por destino, sin cambiar nada.</translation>
    </message>
    <message>
        <source>Keep sweeping, every --every, until stopped.</source>
        <translation>Sigue barriendo, cada --every, hasta que se detenga.</translation>
    </message>
    <message>
        <source>How often --watch sweeps, such as 1m.</source>
        <translation>Cada cuánto barre --watch, por ejemplo 1m.</translation>
    </message>
    <message>
        <source>Say what to sweep with exactly one of --campaign C or --all-campaigns.</source>
        <translation>Indique qué barrer con exactamente una de --campaign C o --all-campaigns.</translation>
    </message>
    <message>
        <source>--watch and --every go together: --watch --every 1m.</source>
        <translation>--watch y --every van juntas: --watch --every 1m.</translation>
    </message>
    <message>
        <source>handoff-cli: stopped watching.</source>
        <translation>handoff-cli: se dejó de vigilar.</translation>
    </message>
</context>
<context>
    <name>Handoff::RuleDialog</name>
    <message>
        <source>Rule</source>
        <translation>Regla</translation>
    </message>
    <message>
        <source>Sweep rule</source>
        <translation>Regla de barrido</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>Rule name</source>
        <translation>Nombre de la regla</translation>
    </message>
    <message>
        <source>Replies waiting over 30 minutes go to sweepers</source>
        <translation>Respuestas que esperan más de 30 minutos van a respondedores</translation>
    </message>
    <message>
        <source>&amp;What:</source>
        <translation>&amp;Qué:</translation>
    </message>
    <message>
        <source>Status to sweep</source>
        <translation>Estado a barrer</translation>
    </message>
    <message>
        <source>Needs Reply</source>
        <translation>Necesita respuesta</translation>
    </message>
    <message>
        <source>Not Started</source>
        <translation>Sin iniciar</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Cualquiera</translation>
    </message>
    <message>
        <source>Waiting &amp;at least:</source>
        <translation>Esperando a&amp;l menos:</translation>
    </message>
    <message>
        <source>Only conversations waiting at least</source>
        <translation>Solo conversaciones que esperan al menos</translation>
    </message>
    <message>
        <source>Minimum wait</source>
        <translation>Espera mínima</translation>
    </message>
    <message>
        <source>Unit of the minimum wait</source>
        <translation>Unidad de la espera mínima</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutos</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>horas</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;De:</translation>
    </message>
    <message>
        <source>Take conversations from</source>
        <translation>Tomar conversaciones de</translation>
    </message>
    <message>
        <source>Every sender</source>
        <translation>Todos los remitentes</translation>
    </message>
    <message>
        <source>Senders who are not sweepers</source>
        <translation>Remitentes que no son respondedores</translation>
    </message>
    <message>
        <source>Senders who are away or done for today</source>
        <translation>Remitentes ausentes o que terminaron por hoy</translation>
    </message>
    <message>
        <source>Senders idle for at least…</source>
        <translation>Remitentes inactivos durante al menos…</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>&amp;Idle for at least:</source>
        <translation>&amp;Inactivos durante al menos:</translation>
    </message>
    <message>
        <source>Idle for at least</source>
        <translation>Inactivos durante al menos</translation>
    </message>
    <message>
        <source>Unit of the idle time</source>
        <translation>Unidad del tiempo de inactividad</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;A:</translation>
    </message>
    <message>
        <source>Move conversations to</source>
        <translation>Mover conversaciones a</translation>
    </message>
    <message>
        <source>Sweepers on shift</source>
        <translation>Respondedores en turno</translation>
    </message>
    <message>
        <source>Senders on shift</source>
        <translation>Remitentes en turno</translation>
    </message>
    <message>
        <source>These senders (when on shift)</source>
        <translation>Estos remitentes (si están en turno)</translation>
    </message>
    <message>
        <source>Senders to move conversations to</source>
        <translation>Remitentes a los que mover las conversaciones</translation>
    </message>
    <message>
        <source>&amp;Balance with what they hold</source>
        <translation>&amp;Equilibrar con lo que ya tienen</translation>
    </message>
    <message>
        <source>Each conversation goes to the target holding the fewest open conversations (Not Started + Needs Reply)</source>
        <translation>Cada conversación va al destino que tiene menos conversaciones abiertas (Sin iniciar + Necesita respuesta)</translation>
    </message>
    <message>
        <source>&amp;Cap each target at:</source>
        <translation>&amp;Tope por destino:</translation>
    </message>
    <message>
        <source>Cap what each target holds</source>
        <translation>Limitar lo que tiene cada destino</translation>
    </message>
    <message>
        <source>Most open conversations a target may hold</source>
        <translation>Máximo de conversaciones abiertas que puede tener un destino</translation>
    </message>
    <message>
        <source> open</source>
        <translation> abiertas</translation>
    </message>
    <message>
        <source>At &amp;most per sweep:</source>
        <translation>&amp;Máximo por barrido:</translation>
    </message>
    <message>
        <source>Limit what one sweep moves</source>
        <translation>Limitar lo que mueve un barrido</translation>
    </message>
    <message>
        <source>Most conversations one sweep moves</source>
        <translation>Máximo de conversaciones que mueve un barrido</translation>
    </message>
    <message>
        <source>&amp;Enabled</source>
        <translation>Acti&amp;vada</translation>
    </message>
    <message>
        <source>What the rule does</source>
        <translation>Qué hace la regla</translation>
    </message>
    <message>
        <source>Problem with the rule</source>
        <translation>Problema con la regla</translation>
    </message>
    <message>
        <source>New Rule</source>
        <translation>Nueva regla</translation>
    </message>
    <message>
        <source>Edit Rule</source>
        <translation>Editar regla</translation>
    </message>
</context>
<context>
    <name>Handoff::RuleService</name>
    <message>
        <source>A sender the rule names is not on campaign &quot;%1&quot;.</source>
        <translation>Un remitente que indica la regla no está en la campaña &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>That rule no longer exists.</source>
        <translation>Esa regla ya no existe.</translation>
    </message>
</context>
<context>
    <name>Handoff::RuleStore</name>
    <message>
        <source>The campaign already has a rule named &quot;%1&quot;.</source>
        <translation>La campaña ya tiene una regla llamada &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Cannot add the rule: %1</source>
        <translation>No se puede agregar la regla: %1</translation>
    </message>
    <message>
        <source>Cannot change the rule: %1</source>
        <translation>No se puede cambiar la regla: %1</translation>
    </message>
    <message>
        <source>That rule no longer exists.</source>
        <translation>Esa regla ya no existe.</translation>
    </message>
    <message>
        <source>Cannot remove the rule: %1</source>
        <translation>No se puede quitar la regla: %1</translation>
    </message>
    <message>
        <source>Cannot reorder the rules: %1</source>
        <translation>No se pueden reordenar las reglas: %1</translation>
    </message>
    <message>
        <source>Cannot note the sweep: %1</source>
        <translation>No se puede registrar el barrido: %1</translation>
    </message>
    <message>
        <source>Cannot start the sweep: %1</source>
        <translation>No se puede iniciar el barrido: %1</translation>
    </message>
</context>
<context>
    <name>Handoff::RulesTab</name>
    <message>
        <source>Rules</source>
        <translation>Reglas</translation>
    </message>
    <message>
        <source>A sweep runs the enabled rules once, in this order. Each rule that moves conversations is one action in the History tab, named after the rule, which Undo reverts. Held conversations are never swept.</source>
        <translation>Un barrido ejecuta una vez las reglas activadas, en este orden. Cada regla que mueve conversaciones es una acción en la pestaña Historial, con el nombre de la regla, que Deshacer revierte. Las conversaciones retenidas nunca se barren.</translation>
    </message>
    <message>
        <source>Sweep rules</source>
        <translation>Reglas de barrido</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regla</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>Qué hace</translation>
    </message>
    <message>
        <source>Last fired</source>
        <translation>Última ejecución</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>Movidas</translation>
    </message>
    <message>
        <source>&amp;Add Rule…</source>
        <translation>&amp;Agregar regla…</translation>
    </message>
    <message>
        <source>Add a rule at the end of the list</source>
        <translation>Agregar una regla al final de la lista</translation>
    </message>
    <message>
        <source>Add &amp;Presets</source>
        <translation>Agregar &amp;predefinidas</translation>
    </message>
    <message>
        <source>Add the common rules this campaign does not have yet</source>
        <translation>Agregar las reglas comunes que esta campaña aún no tiene</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Editar…</translation>
    </message>
    <message>
        <source>Change the selected rule</source>
        <translation>Cambiar la regla seleccionada</translation>
    </message>
    <message>
        <source>Move &amp;Up</source>
        <translation>S&amp;ubir</translation>
    </message>
    <message>
        <source>Run the selected rule earlier</source>
        <translation>Ejecutar antes la regla seleccionada</translation>
    </message>
    <message>
        <source>Move &amp;Down</source>
        <translation>&amp;Bajar</translation>
    </message>
    <message>
        <source>Run the selected rule later</source>
        <translation>Ejecutar después la regla seleccionada</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <source>Remove the selected rule</source>
        <translation>Quitar la regla seleccionada</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>Barrido</translation>
    </message>
    <message>
        <source>Pre&amp;view Sweep</source>
        <translation>&amp;Vista previa del barrido</translation>
    </message>
    <message>
        <source>What each enabled rule would move now, without moving anything</source>
        <translation>Lo que cada regla activada movería ahora, sin mover nada</translation>
    </message>
    <message>
        <source>&amp;Sweep Now</source>
        <translation>Ba&amp;rrer ahora</translation>
    </message>
    <message>
        <source>Run every enabled rule once now</source>
        <translation>Ejecutar ahora una vez cada regla activada</translation>
    </message>
    <message>
        <source>Sweep every &amp;minute while this window is open</source>
        <translation>Barrer cada &amp;minuto mientras esta ventana esté abierta</translation>
    </message>
    <message>
        <source>Runs the sweep on a worker thread every minute for this campaign while Handoff is open</source>
        <translation>Ejecuta el barrido en segundo plano cada minuto para esta campaña mientras Handoff esté abierto</translation>
    </message>
    <message>
        <source>Preview the sweep to see what each rule would move.</source>
        <translation>Ver la vista previa del barrido para saber qué movería cada regla.</translation>
    </message>
    <message>
        <source>Sweep result</source>
        <translation>Resultado del barrido</translation>
    </message>
    <message>
        <source>What the sweep moved or would move</source>
        <translation>Lo que el barrido movió o movería</translation>
    </message>
    <message>
        <source>Rule and target</source>
        <translation>Regla y destino</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversaciones</translation>
    </message>
    <message>
        <source>(no longer on the campaign)</source>
        <translation>(ya no está en la campaña)</translation>
    </message>
    <message>
        <source>Enabled: untick to stop this rule</source>
        <translation>Activada: desmarcar para detener esta regla</translation>
    </message>
    <message>
        <source>Disabled: tick to run this rule</source>
        <translation>Desactivada: marcar para ejecutar esta regla</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>Added the rule &quot;%1&quot;.</source>
        <translation>Se agregó la regla &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Add Presets</source>
        <translation>Agregar predefinidas</translation>
    </message>
    <message>
        <source>The campaign has every preset already.</source>
        <translation>La campaña ya tiene todas las reglas predefinidas.</translation>
    </message>
    <message>
        <source>Added 1 preset rule.</source>
        <translation>Se agregó 1 regla predefinida.</translation>
    </message>
    <message>
        <source>Added %1 preset rules.</source>
        <translation>Se agregaron %1 reglas predefinidas.</translation>
    </message>
    <message>
        <source>Changed the rule &quot;%1&quot;.</source>
        <translation>Se cambió la regla &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Reorder Rules</source>
        <translation>Reordenar reglas</translation>
    </message>
    <message>
        <source>Remove Rule</source>
        <translation>Quitar regla</translation>
    </message>
    <message>
        <source>Remove the rule &quot;%1&quot;? Sweeps will no longer run it.</source>
        <translation>¿Quitar la regla &quot;%1&quot;? Los barridos ya no la ejecutarán.</translation>
    </message>
    <message>
        <source>Removed the rule &quot;%1&quot;.</source>
        <translation>Se quitó la regla &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>The rule &quot;%1&quot; runs on every sweep.</source>
        <translation>La regla &quot;%1&quot; se ejecuta en cada barrido.</translation>
    </message>
    <message>
        <source>The rule &quot;%1&quot; is off.</source>
        <translation>La regla &quot;%1&quot; está desactivada.</translation>
    </message>
    <message>
        <source>Handoff sweeps this campaign every minute while this window is open.</source>
        <translation>Handoff barre esta campaña cada minuto mientras esta ventana está abierta.</translation>
    </message>
    <message>
        <source>This window no longer sweeps the campaign.</source>
        <translation>Esta ventana ya no barre la campaña.</translation>
    </message>
    <message>
        <source>The sweep stopped unexpectedly.</source>
        <translation>El barrido se detuvo de forma inesperada.</translation>
    </message>
    <message>
        <source>The sweep failed: %1</source>
        <translation>El barrido falló: %1</translation>
    </message>
    <message>
        <source>Preview Sweep</source>
        <translation>Vista previa del barrido</translation>
    </message>
    <message>
        <source>Sweep Now</source>
        <translation>Barrer ahora</translation>
    </message>
    <message>
        <source>Planning each rule…</source>
        <translation>Planificando cada regla…</translation>
    </message>
    <message>
        <source>Running each rule…</source>
        <translation>Ejecutando cada regla…</translation>
    </message>
    <message>
        <source>%1: not swept, %2.</source>
        <translation>%1: no se barrió, %2.</translation>
    </message>
    <message>
        <source>%1: no enabled rule.</source>
        <translation>%1: ninguna regla activada.</translation>
    </message>
    <message>
        <source>%1: the sweep would move %2 conversations.</source>
        <translation>%1: el barrido movería %2 conversaciones.</translation>
    </message>
    <message>
        <source>%1: the sweep moved %2 conversations.</source>
        <translation>%1: el barrido movió %2 conversaciones.</translation>
    </message>
    <message>
        <source>%1 stay where they are: every target is at the cap</source>
        <translation>%1 se quedan donde están: todos los destinos están en el tope</translation>
    </message>
    <message>
        <source>%1 changed meanwhile and stayed</source>
        <translation>%1 cambiaron mientras tanto y se quedaron</translation>
    </message>
    <message>
        <source>→ %1</source>
        <translation>→ %1</translation>
    </message>
</context>
<context>
    <name>Handoff::SavedServers</name>
    <message>
        <source>The password kept for this server could not be read: %1.</source>
        <translation>No se pudo leer la contraseña guardada para este servidor: %1.</translation>
    </message>
</context>
<context>
    <name>Handoff::SenderCommands</name>
    <message>
        <source>Add a sender to a campaign (and to the roster, if new).</source>
        <translation>Agregar un remitente a una campaña (y a la nómina, si es nuevo).</translation>
    </message>
    <message>
        <source>List a campaign&apos;s senders.</source>
        <translation>Listar los remitentes de una campaña.</translation>
    </message>
    <message>
        <source>Take a sender off a campaign; their conversations go to Unassigned.</source>
        <translation>Quitar un remitente de una campaña; sus conversaciones van a Sin asignar.</translation>
    </message>
    <message>
        <source>Mark or unmark a sender as a sweeper.</source>
        <translation>Marcar o desmarcar un remitente como respondedor.</translation>
    </message>
    <message>
        <source>The sender answers replies: a sweeper.</source>
        <translation>El remitente contesta las respuestas: un respondedor.</translation>
    </message>
    <message>
        <source>The sender&apos;s email, for a sender new to the roster.</source>
        <translation>El correo electrónico del remitente, para un remitente nuevo en la nómina.</translation>
    </message>
    <message>
        <source>The sender&apos;s name.</source>
        <translation>El nombre del remitente.</translation>
    </message>
    <message>
        <source>Added &quot;%1&quot; to campaign &quot;%2&quot; as a sweeper.</source>
        <translation>Se agregó &quot;%1&quot; a la campaña &quot;%2&quot; como respondedor.</translation>
    </message>
    <message>
        <source>Added &quot;%1&quot; to campaign &quot;%2&quot;.</source>
        <translation>Se agregó &quot;%1&quot; a la campaña &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>List a campaign&apos;s senders by name. &quot;handoff-cli stats&quot; counts their conversations.</source>
        <translation>Listar los remitentes de una campaña por nombre. &quot;handoff-cli stats&quot; cuenta sus conversaciones.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Sweeper</source>
        <translation>Respondedor</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>Take a sender off a campaign. Their conversations go to Unassigned, as one action of
the history that &quot;handoff-cli undo&quot; can revert.</source>
        <translation>Quitar un remitente de una campaña. Sus conversaciones van a Sin asignar, como una acción del
historial que &quot;handoff-cli undo&quot; puede revertir.</translation>
    </message>
    <message>
        <source>Removed &quot;%1&quot; from campaign &quot;%2&quot;; 1 conversation went to Unassigned.</source>
        <translation>Se quitó &quot;%1&quot; de la campaña &quot;%2&quot;; 1 conversación pasó a Sin asignar.</translation>
    </message>
    <message>
        <source>Removed &quot;%1&quot; from campaign &quot;%2&quot;; %3 conversations went to Unassigned.</source>
        <translation>Se quitó &quot;%1&quot; de la campaña &quot;%2&quot;; %3 conversaciones pasaron a Sin asignar.</translation>
    </message>
    <message>
        <source>Mark a campaign&apos;s sender as a sweeper (one who answers replies), or unmark them.</source>
        <translation>Marcar un remitente de una campaña como respondedor (quien contesta las respuestas), o desmarcarlo.</translation>
    </message>
    <message>
        <source>Make the sender a sweeper.</source>
        <translation>Hacer del remitente un respondedor.</translation>
    </message>
    <message>
        <source>Make the sender an ordinary sender.</source>
        <translation>Hacer del remitente un remitente común.</translation>
    </message>
    <message>
        <source>Use exactly one of --on or --off.</source>
        <translation>Usar exactamente una de --on o --off.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is now a sweeper of campaign &quot;%2&quot;.</source>
        <translation>&quot;%1&quot; ahora es respondedor de la campaña &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is no longer a sweeper of campaign &quot;%2&quot;.</source>
        <translation>&quot;%1&quot; ya no es respondedor de la campaña &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>Say whether a sender is on shift, away or done for today.</source>
        <translation>Indicar si un remitente está en turno, ausente o terminó por hoy.</translation>
    </message>
    <message>
        <source>Say whether a campaign&apos;s sender is on shift (the default), away or done for today.
The window shows it, and &quot;Select sweepers&quot; picks only sweepers on shift.</source>
        <translation>Indicar si un remitente de una campaña está en turno (lo predeterminado), ausente o terminó por hoy.
La ventana lo muestra, y &quot;Seleccionar respondedores&quot; elige solo respondedores en turno.</translation>
    </message>
    <message>
        <source>on-shift, away or done.</source>
        <translation>on-shift, away o done.</translation>
    </message>
    <message>
        <source>The presence must be on-shift, away or done, not &quot;%1&quot;.</source>
        <translation>La presencia debe ser on-shift, away o done, no &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is now %2 in campaign &quot;%3&quot;.</source>
        <translation>&quot;%1&quot; ahora está: %2, en la campaña &quot;%3&quot;.</translation>
    </message>
    <message>
        <source>Set or clear the number a sender texts from.</source>
        <translation>Fijar o borrar el número desde el que envía un remitente.</translation>
    </message>
    <message>
        <source>A campaign&apos;s senders, by their roster name: add, list, remove, mark sweepers,
set presence, set texting numbers.</source>
        <translation>Los remitentes de una campaña, por su nombre en la nómina: agregar, listar, quitar, marcar respondedores,
indicar presencia, fijar números de envío.</translation>
    </message>
    <message>
        <source>Add a sender to a campaign. A name the roster does not know yet is added to it.
--number is the number they text from: message logs that name no sender are
attributed by it.</source>
        <translation>Agregar un remitente a una campaña. Un nombre que la nómina aún no conoce se agrega a ella.
--number es el número desde el que envía: los registros de mensajes que no nombran remitente
se le atribuyen por él.</translation>
    </message>
    <message>
        <source>The number the sender texts from, e.g. +14155550100.</source>
        <translation>El número desde el que envía el remitente, p. ej. +14155550100.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; texts from %2.</source>
        <translation>&quot;%1&quot; envía desde %2.</translation>
    </message>
    <message>
        <source>Texting number</source>
        <translation>Número de envío</translation>
    </message>
    <message>
        <source>Set the number a roster sender texts from (in every campaign), or clear it with &quot;none&quot;.
An outbound message whose log names no sender is attributed by its From (Twilio) or
user_number (Spoke). A number belongs to at most one sender.</source>
        <translation>Fijar el número desde el que envía un remitente de la nómina (en todas las campañas), o borrarlo con &quot;none&quot;.
Un mensaje saliente cuyo registro no nombra remitente se atribuye por su From (Twilio) o
user_number (Spoke). Un número pertenece como mucho a un remitente.</translation>
    </message>
    <message>
        <source>The number, e.g. +14155550100, or none.</source>
        <translation>El número, p. ej. +14155550100, o none.</translation>
    </message>
    <message>
        <source>The roster has no sender named &quot;%1&quot;.</source>
        <translation>La nómina no tiene ningún remitente llamado &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no texting number now.</source>
        <translation>&quot;%1&quot; ya no tiene número de envío.</translation>
    </message>
</context>
<context>
    <name>Handoff::SenderItemDelegate</name>
    <message>
        <source>%1 (sweeper)</source>
        <translation>%1 (respondedor)</translation>
    </message>
    <message>
        <source>Progress %1</source>
        <translation>Progreso %1</translation>
    </message>
    <message>
        <source>Needs Reply %1</source>
        <translation>Necesita respuesta %1</translation>
    </message>
</context>
<context>
    <name>Handoff::SenderListModel</name>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>%1: progress %2, needs reply %3</source>
        <translation>%1: progreso %2, necesita respuesta %3</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1: progress %2, needs reply %3, %4, %5</source>
        <translation>%1: progreso %2, necesita respuesta %3, %4, %5</translation>
    </message>
</context>
<context>
    <name>Handoff::SenderTableModel</name>
    <message>
        <source>Sweeper</source>
        <translation>Respondedor</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nunca</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Remitente</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Needs Reply</source>
        <translation>Necesita respuesta</translation>
    </message>
    <message>
        <source>Not Started</source>
        <translation>Sin iniciar</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En espera</translation>
    </message>
    <message>
        <source>Opted Out</source>
        <translation>Dado de baja</translation>
    </message>
    <message>
        <source>Last Message</source>
        <translation>Último mensaje</translation>
    </message>
    <message>
        <source>%1: %2 conversations, %3 need a reply, %4 not started, %5</source>
        <translation>%1: %2 conversaciones, %3 necesitan respuesta, %4 sin empezar, %5</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>Presencia</translation>
    </message>
    <message>
        <source>No texting number: double-click or press F2 to give one</source>
        <translation>Sin número de envío: doble clic o F2 para darle uno</translation>
    </message>
    <message>
        <source>Texts from %1: message logs that name no sender are matched by it</source>
        <translation>Envía desde %1: los registros de mensajes que no nombran remitente se asocian por él</translation>
    </message>
    <message>
        <source>Texting Number</source>
        <translation>Número de envío</translation>
    </message>
</context>
<context>
    <name>Handoff::SendersTab</name>
    <message>
        <source>Senders</source>
        <translation>Remitentes</translation>
    </message>
    <message>
        <source>Campaign senders</source>
        <translation>Remitentes de la campaña</translation>
    </message>
    <message>
        <source>&amp;Add Senders…</source>
        <translation>&amp;Agregar remitentes…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation>Ctrl+Shift+N</translation>
    </message>
    <message>
        <source>Add senders from the roster, or new ones, to the campaign</source>
        <translation>Agregar a la campaña remitentes de la nómina, o nuevos</translation>
    </message>
    <message>
        <source>&amp;Mark as Sweeper</source>
        <translation>&amp;Marcar como respondedor</translation>
    </message>
    <message>
        <source>Ctrl+Shift+W</source>
        <translation>Ctrl+Shift+W</translation>
    </message>
    <message>
        <source>Sweepers answer replies; &quot;Select sweepers&quot; in a reassign dialog picks them</source>
        <translation>Los respondedores contestan las respuestas; &quot;Seleccionar respondedores&quot; en un diálogo de reasignación los elige</translation>
    </message>
    <message>
        <source>U&amp;nmark Sweeper</source>
        <translation>&amp;Desmarcar respondedor</translation>
    </message>
    <message>
        <source>Make the selected senders ordinary senders again</source>
        <translation>Volver a hacer de los remitentes seleccionados remitentes comunes</translation>
    </message>
    <message>
        <source>&amp;Remove from Campaign…</source>
        <translation>&amp;Quitar de la campaña…</translation>
    </message>
    <message>
        <source>Take the selected senders off the campaign; their conversations go to Unassigned</source>
        <translation>Quitar de la campaña los remitentes seleccionados; sus conversaciones van a Sin asignar</translation>
    </message>
    <message>
        <source>1 sender</source>
        <translation>1 remitente</translation>
    </message>
    <message>
        <source>%1 senders</source>
        <translation>%1 remitentes</translation>
    </message>
    <message>
        <source>1 sweeper</source>
        <translation>1 respondedor</translation>
    </message>
    <message>
        <source>%1 sweepers</source>
        <translation>%1 respondedores</translation>
    </message>
    <message>
        <source>Add Senders</source>
        <translation>Agregar remitentes</translation>
    </message>
    <message>
        <source>No sender was added: %1</source>
        <translation>No se agregó ningún remitente: %1</translation>
    </message>
    <message>
        <source>Added %1 to the campaign.</source>
        <translation>Se agregó %1 a la campaña.</translation>
    </message>
    <message>
        <source>Added %1 senders to the campaign: %2.</source>
        <translation>Se agregaron %1 remitentes a la campaña: %2.</translation>
    </message>
    <message>
        <source>Sweepers</source>
        <translation>Respondedores</translation>
    </message>
    <message>
        <source>%1 is a sweeper now.</source>
        <translation>%1 ahora es respondedor.</translation>
    </message>
    <message>
        <source>%1 is no longer a sweeper.</source>
        <translation>%1 ya no es respondedor.</translation>
    </message>
    <message>
        <source>%1 are sweepers now.</source>
        <translation>%1 ahora son respondedores.</translation>
    </message>
    <message>
        <source>%1 are no longer sweepers.</source>
        <translation>%1 ya no son respondedores.</translation>
    </message>
    <message>
        <source>%1 senders (%2)</source>
        <translation>%1 remitentes (%2)</translation>
    </message>
    <message>
        <source>They hold no conversations.</source>
        <translation>No hay conversaciones a su cargo.</translation>
    </message>
    <message>
        <source>Their 1 conversation will go to Unassigned.</source>
        <translation>La 1 conversación a su cargo irá a Sin asignar.</translation>
    </message>
    <message>
        <source>Their %1 conversations will go to Unassigned.</source>
        <translation>Las %1 conversaciones a su cargo irán a Sin asignar.</translation>
    </message>
    <message>
        <source>Remove %1 from the campaign? %2 Edit ▸ Undo puts them back.</source>
        <translation>¿Quitar a %1 de la campaña? %2 Editar ▸ Deshacer lo revierte.</translation>
    </message>
    <message>
        <source>Remove from Campaign</source>
        <translation>Quitar de la campaña</translation>
    </message>
    <message>
        <source>Removed %1; 1 conversation went to Unassigned.</source>
        <translation>Se quitó a %1; 1 conversación pasó a Sin asignar.</translation>
    </message>
    <message>
        <source>Removed %1; %2 conversations went to Unassigned.</source>
        <translation>Se quitó a %1; %2 conversaciones pasaron a Sin asignar.</translation>
    </message>
    <message>
        <source>Mark as Sweeper</source>
        <translation>Marcar como respondedor</translation>
    </message>
    <message>
        <source>Unmark Sweeper</source>
        <translation>Desmarcar respondedor</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>Presencia</translation>
    </message>
    <message>
        <source>Say whether the selected senders are on shift, away or done for today</source>
        <translation>Indicar si los remitentes seleccionados están en turno, ausentes o terminaron por hoy</translation>
    </message>
    <message>
        <source>&amp;Presence</source>
        <translation>&amp;Presencia</translation>
    </message>
    <message>
        <source>On S&amp;hift</source>
        <translation>En &amp;turno</translation>
    </message>
    <message>
        <source>The selected senders are working now; &quot;Select sweepers&quot; picks sweepers on shift</source>
        <translation>Los remitentes seleccionados están trabajando ahora; &quot;Seleccionar respondedores&quot; elige respondedores en turno</translation>
    </message>
    <message>
        <source>A&amp;way</source>
        <translation>Au&amp;sentes</translation>
    </message>
    <message>
        <source>The selected senders stepped away; moving conversations to them asks first</source>
        <translation>Los remitentes seleccionados se ausentaron; mover conversaciones a ellos pide confirmación</translation>
    </message>
    <message>
        <source>&amp;Done for Today</source>
        <translation>&amp;Terminaron por hoy</translation>
    </message>
    <message>
        <source>The selected senders finished for today; moving conversations to them asks first</source>
        <translation>Los remitentes seleccionados terminaron por hoy; mover conversaciones a ellos pide confirmación</translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <translation>%1: %2.</translation>
    </message>
    <message>
        <source>Set &amp;Texting Number…</source>
        <translation>Fijar número de en&amp;vío…</translation>
    </message>
    <message>
        <source>Type the number the sender texts from; message logs that name no sender are matched by it</source>
        <translation>Escribir el número desde el que envía el remitente; los registros de mensajes que no nombran remitente se asocian por él</translation>
    </message>
    <message>
        <source>Texting Number</source>
        <translation>Número de envío</translation>
    </message>
    <message>
        <source>%1 has no texting number now.</source>
        <translation>%1 ya no tiene número de envío.</translation>
    </message>
    <message>
        <source>%1 texts from %2.</source>
        <translation>%1 envía desde %2.</translation>
    </message>
</context>
<context>
    <name>Handoff::Status</name>
    <message>
        <source>Not Started</source>
        <translation>Sin iniciar</translation>
    </message>
    <message>
        <source>Needs Reply</source>
        <translation>Necesita respuesta</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En espera</translation>
    </message>
    <message>
        <source>Opted Out</source>
        <translation>Dado de baja</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Cualquiera</translation>
    </message>
</context>
<context>
    <name>Handoff::StoreBackup</name>
    <message>
        <source>the SQLite driver gives no access to the store</source>
        <translation>el controlador de SQLite no da acceso al almacén</translation>
    </message>
    <message>
        <source>A PostgreSQL store is backed up with pg_dump and restored with pg_restore.</source>
        <translation>Un almacén PostgreSQL se copia con pg_dump y se restaura con pg_restore.</translation>
    </message>
    <message>
        <source>Cannot back up the store %1 to %2: %3</source>
        <translation>No se puede copiar el almacén %1 en %2: %3</translation>
    </message>
    <message>
        <source>Cannot write the backup %1.</source>
        <translation>No se puede escribir la copia de seguridad %1.</translation>
    </message>
    <message>
        <source>Cannot create the backups folder %1.</source>
        <translation>No se puede crear la carpeta de copias de seguridad %1.</translation>
    </message>
    <message>
        <source>%1 is the store itself; choose another file for the backup.</source>
        <translation>%1 es el propio almacén; elija otro archivo para la copia.</translation>
    </message>
    <message>
        <source>Cannot rename the damaged store %1 to %2.</source>
        <translation>No se puede cambiar el nombre del almacén dañado %1 a %2.</translation>
    </message>
    <message>
        <source>There is no file %1.</source>
        <translation>No existe el archivo %1.</translation>
    </message>
    <message>
        <source>%1 is the store itself.</source>
        <translation>%1 es el propio almacén.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>No se puede crear la carpeta %1.</translation>
    </message>
    <message>
        <source>Cannot copy %1 beside the store.</source>
        <translation>No se puede copiar %1 junto al almacén.</translation>
    </message>
    <message>
        <source>%1 is not a Handoff store (%2); nothing was restored.</source>
        <translation>%1 no es un almacén de Handoff (%2); no se restauró nada.</translation>
    </message>
    <message>
        <source>%1 is damaged (%2); nothing was restored.</source>
        <translation>%1 está dañado (%2); no se restauró nada.</translation>
    </message>
    <message>
        <source>it fails SQLite&apos;s integrity check</source>
        <translation>no supera la comprobación de integridad de SQLite</translation>
    </message>
    <message>
        <source>Cannot read %1 (%2); nothing was restored.</source>
        <translation>No se puede leer %1 (%2); no se restauró nada.</translation>
    </message>
    <message>
        <source>%1 is not a Handoff store; nothing was restored.</source>
        <translation>%1 no es un almacén de Handoff; no se restauró nada.</translation>
    </message>
    <message>
        <source>%1 was written by a newer Handoff (schema %2); this Handoff reads schema %3 and older. Nothing was restored.</source>
        <translation>%1 fue escrito por un Handoff más reciente (esquema %2); este Handoff lee el esquema %3 y anteriores. No se restauró nada.</translation>
    </message>
    <message>
        <source>%1 Nothing was restored.</source>
        <translation>%1 No se restauró nada.</translation>
    </message>
    <message>
        <source>Cannot restore %1 into the store %2: %3</source>
        <translation>No se puede restaurar %1 en el almacén %2: %3</translation>
    </message>
    <message>
        <source>Cannot put %1 in place of the store %2.</source>
        <translation>No se puede poner %1 en lugar del almacén %2.</translation>
    </message>
</context>
<context>
    <name>Handoff::StoreCheck</name>
    <message>
        <source>there is no file %1</source>
        <translation>no existe el archivo %1</translation>
    </message>
    <message>
        <source>cannot recount the conversations: %1</source>
        <translation>no se pueden volver a contar las conversaciones: %1</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>campaign &quot;%1&quot;, %2, %3: kept %4, recounted %5</source>
        <translation>campaña «%1», %2, %3: guardado %4, recontado %5</translation>
    </message>
    <message>
        <source>cannot look for rows of %1 without their %2: %3</source>
        <translation>no se pueden buscar filas de %1 sin su %2: %3</translation>
    </message>
    <message>
        <source>%1: 1 row names %2 %3, which is not in %4</source>
        <translation>%1: 1 fila nombra %2 %3, que no está en %4</translation>
    </message>
    <message>
        <source>%1: %2 rows name a %3 that is not in %4 (the lowest missing: %5)</source>
        <translation>%1: %2 filas nombran un %3 que no está en %4 (el menor que falta: %5)</translation>
    </message>
</context>
<context>
    <name>Handoff::StoreCommands</name>
    <message>
        <source>There is no store at %1.</source>
        <translation>No hay ningún almacén en %1.</translation>
    </message>
    <message>
        <source>Copy the store: a consistent snapshot, even while others work on it. Without --to the copy
goes to the backups folder beside the store, where the newest %1 are kept.</source>
        <translation>Copiar el almacén: una instantánea coherente, aunque otros trabajen en él. Sin --to la copia
va a la carpeta de copias de seguridad junto al almacén, donde se guardan las %1 más recientes.</translation>
    </message>
    <message>
        <source>Write the copy to FILE, replacing it.</source>
        <translation>Escribir la copia en FILE, reemplazándolo.</translation>
    </message>
    <message>
        <source>backup needs a file name after --to.</source>
        <translation>backup necesita un nombre de archivo después de --to.</translation>
    </message>
    <message>
        <source>Backed up the store to %1.</source>
        <translation>Copia de seguridad del almacén guardada en %1.</translation>
    </message>
    <message>
        <source>Put a backup in place of the store. FILE must be an intact Handoff store; the store as it is
now is backed up first (a damaged one is renamed aside), so nothing is lost.</source>
        <translation>Poner una copia de seguridad en lugar del almacén. FILE debe ser un almacén de Handoff intacto; antes
se copia el almacén tal como está (uno dañado se aparta con otro nombre), así que nada se pierde.</translation>
    </message>
    <message>
        <source>The backup to restore.</source>
        <translation>La copia de seguridad que se restaura.</translation>
    </message>
    <message>
        <source>Restored the store from %1.</source>
        <translation>Almacén restaurado desde %1.</translation>
    </message>
    <message>
        <source>The store as it was is backed up to %1.</source>
        <translation>El almacén tal como estaba quedó copiado en %1.</translation>
    </message>
    <message>
        <source>The damaged store was moved to %1.</source>
        <translation>El almacén dañado se movió a %1.</translation>
    </message>
    <message>
        <source>Integrity: kept by the PostgreSQL server (its own checks: pg_amcheck)</source>
        <translation>Integridad: la mantiene el servidor PostgreSQL (sus propias comprobaciones: pg_amcheck)</translation>
    </message>
    <message>
        <source>The store %1 is damaged. Restore a backup with handoff-cli restore --from FILE; the automatic backups are in %2.</source>
        <translation>El almacén %1 está dañado. Restaure una copia de seguridad con handoff-cli restore --from FILE; las copias automáticas están en %2.</translation>
    </message>
    <message>
        <source>Integrity: the file cannot be read (%1)</source>
        <translation>Integridad: no se puede leer el archivo (%1)</translation>
    </message>
    <message>
        <source>Integrity: 1 problem</source>
        <translation>Integridad: 1 problema</translation>
    </message>
    <message>
        <source>Integrity: %1 problems</source>
        <translation>Integridad: %1 problemas</translation>
    </message>
    <message>
        <source>%1 is not a Handoff store.</source>
        <translation>%1 no es un almacén de Handoff.</translation>
    </message>
    <message>
        <source>Integrity: ok</source>
        <translation>Integridad: correcta</translation>
    </message>
    <message>
        <source>Counts: 1 differs from a recount of the conversations</source>
        <translation>Recuentos: 1 difiere de un nuevo recuento de las conversaciones</translation>
    </message>
    <message>
        <source>Counts: %1 differ from a recount of the conversations</source>
        <translation>Recuentos: %1 difieren de un nuevo recuento de las conversaciones</translation>
    </message>
    <message>
        <source>The kept counts of conversations differ from a recount.</source>
        <translation>Los recuentos guardados de conversaciones difieren de un nuevo recuento.</translation>
    </message>
    <message>
        <source>Counts: ok</source>
        <translation>Recuentos: correctos</translation>
    </message>
    <message>
        <source>The store holds.</source>
        <translation>El almacén está sano.</translation>
    </message>
    <message>
        <source>The daily backup failed: %1</source>
        <translation>La copia de seguridad diaria falló: %1</translation>
    </message>
    <message>
        <source>Check that the store holds: SQLite&apos;s integrity check of every page, that every row&apos;s
references name rows that exist, and the kept counts of conversations against a recount.
Changes nothing; exits 1 when something does not hold.</source>
        <translation>Comprobar que el almacén está sano: la comprobación de integridad de SQLite de cada página, que
las referencias de cada fila nombran filas que existen, y los recuentos guardados de conversaciones
frente a un nuevo recuento. No cambia nada; sale con 1 si algo falla.</translation>
    </message>
    <message>
        <source>References: 1 names a row that is not there</source>
        <translation>Referencias: 1 nombra una fila que no está</translation>
    </message>
    <message>
        <source>References: %1 name rows that are not there</source>
        <translation>Referencias: %1 nombran filas que no están</translation>
    </message>
    <message>
        <source>References: ok</source>
        <translation>Referencias: correctas</translation>
    </message>
    <message>
        <source>Some rows name a row that does not exist.</source>
        <translation>Algunas filas nombran una fila que no existe.</translation>
    </message>
</context>
<context>
    <name>Handoff::StoreFiles</name>
    <message>
        <source>Back Up Store</source>
        <translation>Copia de seguridad del almacén</translation>
    </message>
    <message>
        <source>%1 backup %2.db</source>
        <translation>%1 copia %2.db</translation>
    </message>
    <message>
        <source>Handoff stores (*.db)</source>
        <translation>Almacenes de Handoff (*.db)</translation>
    </message>
    <message>
        <source>Copying the store to %1…</source>
        <translation>Copiando el almacén a %1…</translation>
    </message>
    <message>
        <source>The backup stopped unexpectedly.</source>
        <translation>La copia de seguridad se detuvo inesperadamente.</translation>
    </message>
    <message>
        <source>Backed up the store to %1.</source>
        <translation>Copia de seguridad del almacén guardada en %1.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restaurar</translation>
    </message>
    <message>
        <source>Handoff stores (*.db);;All files (*)</source>
        <translation>Almacenes de Handoff (*.db);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Replace every campaign in %1 with the backup %2?

The store as it is now is backed up first, to %3.</source>
        <translation>¿Reemplazar todas las campañas de %1 por la copia de seguridad %2?

Antes se guarda una copia del almacén tal como está ahora, en %3.</translation>
    </message>
    <message>
        <source>Restoring %1…</source>
        <translation>Restaurando %1…</translation>
    </message>
    <message>
        <source>The restore stopped unexpectedly.</source>
        <translation>La restauración se detuvo inesperadamente.</translation>
    </message>
    <message>
        <source>Restored the store from %1.</source>
        <translation>Almacén restaurado desde %1.</translation>
    </message>
    <message>
        <source>The store as it was is backed up to %1.</source>
        <translation>El almacén tal como estaba quedó copiado en %1.</translation>
    </message>
</context>
<context>
    <name>Handoff::StoreOpening</name>
    <message>
        <source>New Store</source>
        <translation>Almacén nuevo</translation>
    </message>
    <message>
        <source>There is no store at %1. Create a new, empty store there?</source>
        <translation>No hay ningún almacén en %1. ¿Crear allí un almacén nuevo y vacío?</translation>
    </message>
    <message>
        <source>Handoff</source>
        <translation>Handoff</translation>
    </message>
</context>
<context>
    <name>Handoff::StoreRecovery</name>
    <message>
        <source>Open Store</source>
        <translation>Abrir almacén</translation>
    </message>
    <message>
        <source>Handoff stores (*.db);;All files (*)</source>
        <translation>Almacenes de Handoff (*.db);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Handoff</source>
        <translation>Handoff</translation>
    </message>
</context>
<context>
    <name>Handoff::StoreRecoveryDialog</name>
    <message>
        <source>Handoff cannot read %1. Part of the file was overwritten or never written, as happens when the computer stops while saving (a power cut, a full disk) or a disk starts to fail. Handoff has not changed the file.</source>
        <translation>Handoff no puede leer %1. Parte del archivo se sobrescribió o nunca llegó a escribirse, como ocurre cuando el ordenador se detiene mientras guarda (un corte de luz, un disco lleno) o un disco empieza a fallar. Handoff no ha cambiado el archivo.</translation>
    </message>
    <message>
        <source>There are no backups in %1.</source>
        <translation>No hay copias de seguridad en %1.</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Continuar</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>&amp;Quit Handoff</source>
        <translation>&amp;Salir de Handoff</translation>
    </message>
    <message>
        <source>Quit Handoff</source>
        <translation>Salir de Handoff</translation>
    </message>
    <message>
        <source>The damaged file is kept: it is renamed to %1.damaged-… in the same folder.</source>
        <translation>El archivo dañado se conserva: pasa a llamarse %1.damaged-… en la misma carpeta.</translation>
    </message>
    <message>
        <source>The damaged file stays as it is; Handoff asks again at its next start.</source>
        <translation>El archivo dañado queda como está; Handoff volverá a preguntar al iniciarse.</translation>
    </message>
    <message>
        <source>&lt;small&gt;Technical details: %1&lt;/small&gt;</source>
        <translation>&lt;small&gt;Detalles técnicos: %1&lt;/small&gt;</translation>
    </message>
    <message>
        <source>%1, %2 (%3)</source>
        <translation>%1, %2 (%3)</translation>
    </message>
    <message>
        <source>Handoff cannot read its store</source>
        <translation>Handoff no puede leer su almacén</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Advertencia</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Qué ha pasado</translation>
    </message>
    <message>
        <source>&lt;b&gt;The store that holds your campaigns is damaged&lt;/b&gt;</source>
        <translation>&lt;b&gt;El almacén que guarda sus campañas está dañado&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Explicación</translation>
    </message>
    <message>
        <source>Technical details</source>
        <translation>Detalles técnicos</translation>
    </message>
    <message>
        <source>What would you like to do?</source>
        <translation>¿Qué desea hacer?</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>Restaurar una copia de seguridad</translation>
    </message>
    <message>
        <source>&amp;Restore a backup (newest first):</source>
        <translation>&amp;Restaurar una copia de seguridad (la más reciente primero):</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Copias de seguridad</translation>
    </message>
    <message>
        <source>Backups, newest first</source>
        <translation>Copias de seguridad, la más reciente primero</translation>
    </message>
    <message>
        <source>No backups</source>
        <translation>Sin copias de seguridad</translation>
    </message>
    <message>
        <source>Start a new, empty store</source>
        <translation>Empezar un almacén nuevo y vacío</translation>
    </message>
    <message>
        <source>Start a &amp;new, empty store</source>
        <translation>Empezar un almacén &amp;nuevo y vacío</translation>
    </message>
    <message>
        <source>Open another store file</source>
        <translation>Abrir otro archivo de almacén</translation>
    </message>
    <message>
        <source>&amp;Open another store file…</source>
        <translation>&amp;Abrir otro archivo de almacén…</translation>
    </message>
    <message>
        <source>What happens to the damaged file</source>
        <translation>Qué pasa con el archivo dañado</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Respuesta</translation>
    </message>
</context>
<context>
    <name>Handoff::SweepRule</name>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>Respuestas</translation>
    </message>
    <message>
        <source>Untexted contacts</source>
        <translation>Contactos sin mensaje</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversaciones</translation>
    </message>
    <message>
        <source>%1 waiting at least %2</source>
        <translation>%1 que esperan al menos %2</translation>
    </message>
    <message>
        <source>of every sender</source>
        <translation>de todos los remitentes</translation>
    </message>
    <message>
        <source>of senders who are not sweepers</source>
        <translation>de remitentes que no son respondedores</translation>
    </message>
    <message>
        <source>of senders who are away or done for today</source>
        <translation>de remitentes ausentes o que terminaron por hoy</translation>
    </message>
    <message>
        <source>of senders who have not texted for %1</source>
        <translation>de remitentes que no envían mensajes desde hace %1</translation>
    </message>
    <message>
        <source>in Unassigned</source>
        <translation>en Sin asignar</translation>
    </message>
    <message>
        <source>go to sweepers on shift</source>
        <translation>van a respondedores en turno</translation>
    </message>
    <message>
        <source>go to senders on shift</source>
        <translation>van a remitentes en turno</translation>
    </message>
    <message>
        <source>go to %1 (when on shift)</source>
        <translation>van a %1 (si están en turno)</translation>
    </message>
    <message>
        <source>go back to Unassigned</source>
        <translation>vuelven a Sin asignar</translation>
    </message>
    <message>
        <source>balanced</source>
        <translation>con reparto equilibrado</translation>
    </message>
    <message>
        <source>at most %1 open each</source>
        <translation>como máximo %1 abiertas cada uno</translation>
    </message>
    <message>
        <source>at most %1 a sweep</source>
        <translation>como máximo %1 por barrido</translation>
    </message>
    <message>
        <source>%1 %2 %3</source>
        <translation>%1 %2 %3</translation>
    </message>
    <message>
        <source>A rule needs a name.</source>
        <translation>Una regla necesita un nombre.</translation>
    </message>
    <message>
        <source>A rule&apos;s name is at most %1 characters.</source>
        <translation>El nombre de una regla tiene como máximo %1 caracteres.</translation>
    </message>
    <message>
        <source>The wait must be between 0 and 30 days.</source>
        <translation>La espera debe estar entre 0 y 30 días.</translation>
    </message>
    <message>
        <source>Senders idle for how long? Give a time between 1 second and 30 days.</source>
        <translation>¿Remitentes inactivos durante cuánto tiempo? Indicar un tiempo entre 1 segundo y 30 días.</translation>
    </message>
    <message>
        <source>The cap must be a positive number.</source>
        <translation>El tope debe ser un número positivo.</translation>
    </message>
    <message>
        <source>The most a sweep moves must be a positive number.</source>
        <translation>El máximo que mueve un barrido debe ser un número positivo.</translation>
    </message>
    <message>
        <source>Name at least one sender to move the conversations to.</source>
        <translation>Indicar al menos un remitente al que mover las conversaciones.</translation>
    </message>
    <message>
        <source>A sender is named twice among the targets.</source>
        <translation>Un remitente aparece dos veces entre los destinos.</translation>
    </message>
    <message>
        <source>A rule cannot move Unassigned conversations to Unassigned.</source>
        <translation>Una regla no puede mover conversaciones de Sin asignar a Sin asignar.</translation>
    </message>
    <message>
        <source>Replies waiting over 30 minutes go to sweepers on shift</source>
        <translation>Respuestas que esperan más de 30 minutos van a respondedores en turno</translation>
    </message>
    <message>
        <source>Untexted contacts of senders who are done for today go back to Unassigned</source>
        <translation>Contactos sin mensaje de remitentes que terminaron por hoy vuelven a Sin asignar</translation>
    </message>
    <message>
        <source>Unassigned untexted contacts go to senders on shift, balanced, at most 200 each</source>
        <translation>Contactos sin mensaje en Sin asignar van a remitentes en turno, con reparto equilibrado, como máximo 200 cada uno</translation>
    </message>
</context>
<context>
    <name>Handoff::Sweeper</name>
    <message>
        <source>Did not sweep &quot;%1&quot;: %2</source>
        <translation>No se hizo el barrido de &quot;%1&quot;: %2</translation>
    </message>
    <message>
        <source>Campaign &quot;%1&quot; has no enabled rules to sweep.</source>
        <translation>La campaña &quot;%1&quot; no tiene reglas activadas para barrer.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; moved nothing</source>
        <translation>&quot;%1&quot; no movió nada</translation>
    </message>
    <message>
        <source>&quot;%1&quot; would move %2: %3</source>
        <translation>&quot;%1&quot; movería %2: %3</translation>
    </message>
    <message>
        <source>&quot;%1&quot; moved %2: %3</source>
        <translation>&quot;%1&quot; movió %2: %3</translation>
    </message>
    <message>
        <source>Sweep preview of &quot;%1&quot;: %2.</source>
        <translation>Vista previa del barrido de &quot;%1&quot;: %2.</translation>
    </message>
    <message>
        <source>Swept &quot;%1&quot;: %2.</source>
        <translation>Barrido de &quot;%1&quot;: %2.</translation>
    </message>
    <message>
        <source>There is no campaign %1.</source>
        <translation>No existe la campaña %1.</translation>
    </message>
    <message>
        <source>it is archived</source>
        <translation>está archivada</translation>
    </message>
    <message>
        <source>another sweep of it is running</source>
        <translation>otro barrido de la campaña está en curso</translation>
    </message>
    <message>
        <source>no sweeper is on shift</source>
        <translation>ningún respondedor está en turno</translation>
    </message>
    <message>
        <source>none of its senders is on shift</source>
        <translation>ninguno de sus remitentes está en turno</translation>
    </message>
    <message>
        <source>rule</source>
        <translation>regla</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>&quot;%1&quot; would move nothing</source>
        <translation>&quot;%1&quot; no movería nada</translation>
    </message>
</context>
<context>
    <name>Handoff::WaitingTime</name>
    <message>
        <source>&lt; 1 min</source>
        <translation>&lt; 1 min</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>never texted</source>
        <translation>nunca envió mensajes</translation>
    </message>
    <message>
        <source>texted %1 ago</source>
        <translation>envió un mensaje hace %1</translation>
    </message>
</context>
<context>
    <name>Handoff::WatcherConnection</name>
    <message>
        <source>the connection to the server %1 was lost</source>
        <translation>se perdió la conexión con el servidor %1</translation>
    </message>
</context>
<context>
    <name>Handoff::WelcomePage</name>
    <message>
        <source>Welcome</source>
        <translation>Bienvenida</translation>
    </message>
    <message>
        <source>Welcome to Handoff</source>
        <translation>Le damos la bienvenida a Handoff</translation>
    </message>
    <message>
        <source>Handoff moves texting conversations between senders, exactly and safely: every contact gets a first text, every reply gets answered. There is no campaign here yet.</source>
        <translation>Handoff mueve conversaciones de mensajes de texto entre remitentes, con exactitud y seguridad: cada contacto recibe un primer mensaje y cada respuesta se contesta. Aún no hay ninguna campaña aquí.</translation>
    </message>
    <message>
        <source>&amp;Create a Campaign…</source>
        <translation>&amp;Crear una campaña…</translation>
    </message>
    <message>
        <source>Create a Campaign</source>
        <translation>Crear una campaña</translation>
    </message>
    <message>
        <source>&amp;Import Contacts…</source>
        <translation>&amp;Importar contactos…</translation>
    </message>
    <message>
        <source>Import Contacts</source>
        <translation>Importar contactos</translation>
    </message>
    <message>
        <source>Open the &amp;Demo Campaign</source>
        <translation>Abrir la campaña de &amp;demostración</translation>
    </message>
    <message>
        <source>Open the Demo Campaign</source>
        <translation>Abrir la campaña de demostración</translation>
    </message>
    <message>
        <source>Name a campaign, then add its senders and contacts.</source>
        <translation>Darle un nombre a una campaña y luego agregar sus remitentes y contactos.</translation>
    </message>
    <message>
        <source>Start a campaign from a CSV file of contacts (name, phone, ZIP, any other columns), dealt out to senders if you like.</source>
        <translation>Iniciar una campaña a partir de un archivo CSV de contactos (nombre, teléfono, código postal y cualquier otra columna), con reparto entre remitentes si se desea.</translation>
    </message>
    <message>
        <source>Try reassigning on a realistic campaign: eight senders and thousands of conversations in every status.</source>
        <translation>Probar la reasignación en una campaña realista: ocho remitentes y miles de conversaciones en todos los estados.</translation>
    </message>
    <message>
        <source>Connect to a &amp;Team Server…</source>
        <translation>Conectar con un servidor del &amp;equipo…</translation>
    </message>
    <message>
        <source>Connect to a Team Server</source>
        <translation>Conectar con un servidor del equipo</translation>
    </message>
    <message>
        <source>Work on the campaigns your team keeps on a shared PostgreSQL server.</source>
        <translation>Trabajar en las campañas que su equipo guarda en un servidor PostgreSQL compartido.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Move texting conversations between senders.</source>
        <translation>Mover conversaciones de mensajes de texto entre remitentes.</translation>
    </message>
    <message>
        <source>The store to open: sqlite:///path/file.db or postgresql://user@host/db.</source>
        <translation>El almacén que se abrirá: sqlite:///path/file.db o postgresql://user@host/db.</translation>
    </message>
</context>
</TS>
