      *================================================================*
      * VEHICLES  - MOTOR VEHICLE REGISTER, NIGHTLY EXTRACT            *
      * DSN GOV.TRN.VEHREG.EXTRACT(+1)  RECFM=VB  RDW RETAINED ON FTP  *
      * ONE HEADER, N DETAIL RECORDS, ONE TRAILER (DETAIL COUNT).      *
      * DATES CCYYMMDD, ZERO WHEN UNKNOWN. AMOUNTS IN EUR CENTS.       *
      *================================================================*
       01  VEH-HEADER-REC.
           05  VEH-HDR-TYPE              PIC X       VALUE 'H'.
           05  VEH-HDR-FILE-ID           PIC X(8)    VALUE 'VEHICLES'.
           05  VEH-HDR-EXPORT-DATE       PIC 9(8).
       01  VEH-DETAIL-REC.
           05  VEH-REC-TYPE              PIC X       VALUE 'D'.
           05  VEH-REG-NO                PIC X(10).
           05  VEH-VIN                   PIC X(17).
           05  VEH-DESCRIPTION.
               10  VEH-MAKE              PIC X(20).
               10  VEH-MODEL             PIC X(24).
           05  VEH-FIRST-REG-DATE        PIC 9(8).
           05  VEH-INSPECT-VALID-DATE    PIC 9(8).
           05  VEH-ANNUAL-TAX            PIC S9(7)V99 COMP-3.
           05  VEH-STATUS                PIC X       VALUE 'A'.
               88  VEH-STATUS-ACTIVE                 VALUE 'A'.
               88  VEH-STATUS-DEREGISTERED           VALUE 'X'.
           05  FILLER                    PIC X(12).
       01  VEH-TRAILER-REC.
           05  VEH-TRL-TYPE              PIC X       VALUE 'T'.
           05  VEH-TRL-RECORD-COUNT      PIC 9(9).
