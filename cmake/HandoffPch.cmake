# Faster builds: Qt's headers precompiled once and shared, and the libraries compiled
# as unity sources. Included by the top-level CMakeLists.txt, which calls
# handoff_speed_up_build() after every target is defined, so a target added to any
# src/ or tests/ folder gets both without a line of its own.
#
#   -DHANDOFF_PCH=OFF    no precompiled headers (e.g. a compiler that rejects them)
#   -DHANDOFF_UNITY=OFF  every source compiled on its own
#
# A target opts out of either with the standard properties DISABLE_PRECOMPILE_HEADERS
# or UNITY_BUILD OFF, set where it is defined; a source file with
# SKIP_UNITY_BUILD_INCLUSION or SKIP_PRECOMPILE_HEADERS. Sources compiled together share
# their anonymous namespaces: a name defined in two of them is a "redefinition" error in
# a Unity/unity_N_cxx.cxx file; rename one, or compile one alone (src/gui does so for
# two dialogs).
option(HANDOFF_PCH "Precompile the Qt headers Handoff includes, once per kind of target" ON)
option(HANDOFF_UNITY "Compile each Handoff library and handoff-cli as a few unity sources" ON)

find_package(Qt6 REQUIRED COMPONENTS Core Sql Gui Widgets Test)

# The Qt headers Handoff's sources include, by module. A header precompiled here is
# parsed once per kind of target instead of once per source file.
set(HANDOFF_PCH_CORE_HEADERS
    <QByteArray> <QCommandLineParser> <QCoreApplication> <QDateTime> <QDir>
    <QElapsedTimer> <QFile> <QFileInfo> <QHash> <QIODevice> <QJsonArray>
    <QJsonDocument> <QJsonObject> <QJsonValue> <QLocale> <QMutex> <QObject>
    <QRandomGenerator> <QRegularExpression> <QSaveFile> <QSet> <QSettings>
    <QStandardPaths> <QString> <QStringDecoder> <QStringList> <QTextStream>
    <QThread> <QTimer> <QUrl> <QVariant> <QVector>
    <QAbstractListModel> <QAbstractTableModel> <QSortFilterProxyModel>)
set(HANDOFF_PCH_SQL_HEADERS <QSqlDatabase> <QSqlDriver> <QSqlError> <QSqlQuery>)
set(HANDOFF_PCH_GUI_HEADERS <QColor> <QFont> <QPainter>)
set(HANDOFF_PCH_WIDGETS_HEADERS
    <QAction> <QApplication> <QCheckBox> <QComboBox> <QDialog> <QFileDialog>
    <QHBoxLayout> <QHeaderView> <QInputDialog> <QLabel> <QLineEdit> <QListView>
    <QMainWindow> <QMenu> <QMenuBar> <QMessageBox> <QProgressDialog> <QPushButton>
    <QScrollBar> <QSpinBox> <QSplitter> <QStackedWidget> <QStatusBar> <QStyle>
    <QStyledItemDelegate> <QTabWidget> <QTableView> <QTextBrowser> <QToolBar>
    <QToolButton> <QVBoxLayout> <QWidget>)
set(HANDOFF_PCH_TEST_HEADERS
    <QTest> <QSignalSpy> <QTemporaryDir> <QAbstractItemModelTester> <QBuffer> <QProcess>)

# Every target defined in DIR and the folders below it.
function(_handoff_targets_below dir out)
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    foreach(sub IN LISTS subdirs)
        _handoff_targets_below(${sub} below)
        list(APPEND targets ${below})
    endforeach()
    set(${out} ${targets} PARENT_SCOPE)
endfunction()

# What a target compiles against: its own link libraries, and what they pass on to
# their users (not what they only link, $<LINK_ONLY:...>), through Handoff's targets.
function(_handoff_compile_closure target out)
    get_target_property(pending ${target} LINK_LIBRARIES)
    set(seen "")
    while(pending)
        list(POP_FRONT pending item)
        if(NOT item OR item MATCHES "LINK_ONLY" OR item IN_LIST seen)
            continue()
        endif()
        list(APPEND seen ${item})
        if(TARGET ${item})
            get_target_property(imported ${item} IMPORTED)
            if(NOT imported)
                get_target_property(next ${item} INTERFACE_LINK_LIBRARIES)
                if(next)
                    list(APPEND pending ${next})
                endif()
            endif()
        endif()
    endwhile()
    set(${out} ${seen} PARENT_SCOPE)
endfunction()

# The target that builds the precompiled header for one kind of target, made on first
# use. KIND is product (handoff_settings: no implicit casts) or tests (handoff_warnings);
# LEVEL is core (Qt Core and Sql), gui or widgets. GCC uses a precompiled header only
# where every macro defined when it was made is defined alike, so the header is made
# with the fewest Qt module macros (QT_CORE_LIB) and the other modules' folders on the
# include path: a target may define more (QT_SQL_LIB, its own), as no Qt header reads
# them, except QtTest's, whose QTEST_MAIN picks the application class by QT_GUI_LIB and
# QT_WIDGETS_LIB. So the tests get a header per level, made with those macros; the
# product's libraries one for core and one for gui and widgets.
function(_handoff_pch_target kind level out)
    set(name handoff_pch_${kind}_${level})
    set(${out} ${name} PARENT_SCOPE)
    if(TARGET ${name})
        return()
    endif()
    set(headers ${HANDOFF_PCH_CORE_HEADERS} ${HANDOFF_PCH_SQL_HEADERS})
    set(modules Qt6::Core Qt6::Sql)
    if(NOT level STREQUAL "core")
        list(APPEND headers ${HANDOFF_PCH_GUI_HEADERS})
        list(APPEND modules Qt6::Gui)
    endif()
    if(level STREQUAL "widgets" OR (kind STREQUAL "product" AND level STREQUAL "gui"))
        list(APPEND headers ${HANDOFF_PCH_WIDGETS_HEADERS})
        list(APPEND modules Qt6::Widgets)
    endif()
    set(defining Qt6::Core)
    if(kind STREQUAL "tests")
        list(APPEND headers ${HANDOFF_PCH_TEST_HEADERS})
        list(APPEND modules Qt6::Test)
        set(settings handoff_warnings)
        if(level STREQUAL "gui")
            set(defining Qt6::Gui)
        elseif(level STREQUAL "widgets")
            set(defining Qt6::Widgets)
        endif()
    else()
        set(settings handoff_settings)
    endif()
    set(include_dirs "")
    foreach(module IN LISTS modules)
        get_target_property(dirs ${module} INTERFACE_INCLUDE_DIRECTORIES)
        list(APPEND include_dirs ${dirs})
    endforeach()
    list(REMOVE_DUPLICATES include_dirs)
    set_property(GLOBAL PROPERTY ${name}_INCLUDE_DIRS ${include_dirs})

    set(source ${CMAKE_BINARY_DIR}/handoff_pch/${name}.cpp)
    file(CONFIGURE OUTPUT ${source} CONTENT "// Compiled only for its precompiled header.\n")
    add_library(${name} OBJECT EXCLUDE_FROM_ALL ${source})
    target_link_libraries(${name} PRIVATE ${settings} ${defining})
    target_include_directories(${name} SYSTEM PRIVATE ${include_dirs})
    set_target_properties(${name} PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)
    target_precompile_headers(${name} PRIVATE ${headers})
endfunction()

function(_handoff_precompile target)
    get_target_property(disabled ${target} DISABLE_PRECOMPILE_HEADERS)
    get_target_property(own ${target} PRECOMPILE_HEADERS)
    get_target_property(reused ${target} PRECOMPILE_HEADERS_REUSE_FROM)
    if(disabled OR own OR reused)
        return()
    endif()
    _handoff_compile_closure(${target} closure)
    if("handoff_settings" IN_LIST closure)
        set(kind product)
    elseif("handoff_warnings" IN_LIST closure)
        set(kind tests)
    else()
        return()    # not built with Handoff's settings: leave it alone
    endif()
    if("Qt6::Widgets" IN_LIST closure)
        set(level widgets)
    elseif("Qt6::Gui" IN_LIST closure)
        set(level gui)
    else()
        set(level core)
    endif()
    if(kind STREQUAL "product" AND level STREQUAL "widgets")
        set(level gui)    # the product's gui and widgets targets share one header
    endif()
    _handoff_pch_target(${kind} ${level} pch)
    get_property(include_dirs GLOBAL PROPERTY ${pch}_INCLUDE_DIRS)
    target_include_directories(${target} SYSTEM PRIVATE ${include_dirs})
    if(kind STREQUAL "tests")
        # Qt6::Test defines QT_TESTCASE_BUILDDIR and QT_TESTCASE_SOURCEDIR as the test's
        # own folders, which QtTest's headers read: with them no two tests could share a
        # header. They serve QFINDTESTDATA only, which no test uses; without them it
        # looks beside the test's source file and in its working folder.
        target_compile_options(${target} PRIVATE -UQT_TESTCASE_BUILDDIR -UQT_TESTCASE_SOURCEDIR)
    endif()
    set_target_properties(${target} PROPERTIES PRECOMPILE_HEADERS_REUSE_FROM ${pch})
    # A target that lists no header (a test, one .cpp that includes its own .moc) gets
    # an empty mocs_compilation.cpp, which compiles in no time without the header and
    # in over half a second with it.
    get_target_property(sources ${target} SOURCES)
    list(FILTER sources INCLUDE REGEX "\\.h$")
    get_target_property(automoc ${target} AUTOMOC)
    get_target_property(binary_dir ${target} BINARY_DIR)
    if(automoc AND NOT sources)
        set_source_files_properties(${binary_dir}/${target}_autogen/mocs_compilation.cpp
            TARGET_DIRECTORY ${target} PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
    endif()
endfunction()

# Unity sources for targets of several source files (the libraries and handoff-cli; a
# test is one file). A target that set UNITY_BUILD itself keeps its choice.
function(_handoff_unity target)
    get_target_property(unity ${target} UNITY_BUILD)
    if(NOT unity STREQUAL "unity-NOTFOUND" AND NOT unity STREQUAL "")
        return()
    endif()
    get_target_property(sources ${target} SOURCES)
    list(FILTER sources INCLUDE REGEX "\\.cpp$")
    list(LENGTH sources count)
    if(count GREATER 1)
        set_target_properties(${target} PROPERTIES UNITY_BUILD ON)
    endif()
endfunction()

# Applies both to every library and executable under DIRS.
function(handoff_speed_up_build)
    foreach(dir IN LISTS ARGN)
        _handoff_targets_below(${dir} targets)
        foreach(target IN LISTS targets)
            get_target_property(type ${target} TYPE)
            if(NOT type MATCHES "^(STATIC_LIBRARY|SHARED_LIBRARY|OBJECT_LIBRARY|EXECUTABLE)$"
               OR target MATCHES "^handoff_pch_")
                continue()
            endif()
            if(HANDOFF_PCH)
                _handoff_precompile(${target})
            endif()
            if(HANDOFF_UNITY)
                _handoff_unity(${target})
            endif()
        endforeach()
    endforeach()
endfunction()
