; Handledarappen: per-user Windows installer (no admin rights needed).
;
; Build on Windows after freezing (see packaging/README.md):
;   makensis /DVERSION=0.1.0 packaging\windows\handledarappen.nsi
; Check the script on Linux against the Linux bundle (CI):
;   makensis -DEXE_NAME=handledare-app -DOUTFILE=../../dist/handledarappen-nsis-check.exe \
;       packaging/windows/handledarappen.nsi
;
; Program files go to %LOCALAPPDATA%\Programs\Handledarappen. An upgrade replaces the
; program files only. The user's data (%LOCALAPPDATA%\Handledarappen, platformdirs,
; no version in the path) is never touched by install, upgrade or uninstall: nothing
; here deletes a folder recursively except the program's own _internal folder.

Unicode true
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef SOURCE_DIR
  !define SOURCE_DIR "..\..\dist\handledarappen"
!endif
!ifndef EXE_NAME
  !define EXE_NAME "handledare-app.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\Handledarappen-${VERSION}-installation.exe"
!endif
!define APP_NAME "Handledarappen"
!define UNINSTALLER "Avinstallera Handledarappen.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Handledarappen"
!define APP_KEY "Software\Handledarappen"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Handledarappen"
InstallDirRegKey HKCU "${APP_KEY}" "InstallDir"
ManifestDPIAware true
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1053 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1053 "FileDescription" "Installation av ${APP_NAME}"
VIAddVersionKey /LANG=1053 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1053 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1053 "LegalCopyright" "Coompanion"

!include "MUI2.nsh"

!define MUI_ICON "..\..\resurser\ikoner\handledarappen.ico"
!define MUI_UNICON "..\..\resurser\ikoner\handledarappen.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "Handledarappen installeras bara för dig, i din användarmapp. \
Du behöver inte vara administratör.$\r$\n$\r$\nFinns Handledarappen redan installerad byts \
programfilerna ut. Dina uppgifter om deltagare, bevis och säkerhetskopior finns i en annan \
mapp och påverkas inte.$\r$\n$\r$\nKlicka på Nästa för att fortsätta."
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE_NAME}"
!define MUI_FINISHPAGE_RUN_TEXT "Starta Handledarappen nu"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Swedish"

; Never install into the data folder (it would mix program files with the user's data).
Function .onVerifyInstDir
  StrCmp $INSTDIR "$LOCALAPPDATA\Handledarappen" 0 +2
    Abort
FunctionEnd

Section "Handledarappen (krävs)" SecMain
  SectionIn RO
  SetShellVarContext current
  ; Upgrade: remove the old program files only, then copy the new ones.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE_NAME}"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}\*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortcut "$SMPROGRAMS\Handledarappen.lnk" "$INSTDIR\${EXE_NAME}" "" \
    "$INSTDIR\${EXE_NAME}" 0 SW_SHOWNORMAL "" "Validering med OCN-metoden"

  WriteRegStr HKCU "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "Coompanion"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${EXE_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section /o "Genväg på skrivbordet" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\Handledarappen.lnk" "$INSTDIR\${EXE_NAME}" "" \
    "$INSTDIR\${EXE_NAME}" 0 SW_SHOWNORMAL "" "Validering med OCN-metoden"
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\Handledarappen.lnk"
  Delete "$DESKTOP\Handledarappen.lnk"
  ; The program files only; the data folder (%LOCALAPPDATA%\Handledarappen) stays.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE_NAME}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "${APP_KEY}"
SectionEnd
